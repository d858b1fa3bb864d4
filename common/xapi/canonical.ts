import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so equal content gives equal text whatever the key order.
 * The text must stay byte for byte what it has always been (stored content hashes are compared with
 * it), so it is built by hand with plain loops: it runs for every stored statement, and the former
 * entries/filter/sort/map/join chain cost more than the rest of preparing the statement.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + (canonicalJson(value[i]) ?? '');
    return `${out}]`;
  }
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = object[key];
    if (v === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(v)}`;
    first = false;
  }
  return `${out}}`;
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
