import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal content gives equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * The hash two submissions of one statement id are compared by. The LRS-set properties (stored,
 * authority, version) are left out: a statement fetched and re-posted is still the same statement.
 * Timestamps are compared as instants, so 14:00:00Z and 14:00:00.000Z are the same.
 */
export function statementContentHash(statement: Record<string, unknown>): string {
  const { stored: _s, authority: _a, version: _v, ...content } = statement;
  const normalised = typeof content.timestamp === 'string' ? { ...content, timestamp: new Date(content.timestamp).toISOString() } : content;
  return createHash('sha256').update(canonicalJson(normalised)).digest('hex');
}
