import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so equal content gives equal text whatever the key order.
 * The text must stay byte for byte what it has always been (stored content hashes are compared with
 * it; test/unit/common/canonical-json.property.test.ts holds the former code and compares), and it
 * runs for every stored statement, so it is written for the allocator: one string grown by
 * appending (no per-level strings, no entries arrays), keys sorted in place without
 * Array.prototype.sort (which allocates its merge state on every call), and JSON.stringify called
 * only for text that needs escaping.
 */
export function canonicalJson(value: unknown): string {
  // A lone non-JSON value (undefined, a function) gives undefined, as JSON.stringify does.
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  return appendValue('', value);
}

/**
 * The hash two submissions of one statement id are compared by. The LRS-set properties (stored,
 * authority, version) are left out: a statement fetched and re-posted is still the same statement.
 * Timestamps are compared as instants, so 14:00:00Z and 14:00:00.000Z are the same.
 */
export function statementContentHash(statement: Record<string, unknown>): string {
  const timestamp = typeof statement.timestamp === 'string' ? new Date(statement.timestamp).toISOString() : statement.timestamp;
  return createHash('sha256').update(appendMembers('', statement, timestamp)).digest('hex');
}

const NOT_A_STATEMENT = Symbol('not a statement');

/** What JSON.stringify escapes in a string: quote, backslash, control characters, and surrogates (to tell lone ones apart). */
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `out` followed by the canonical text of a value that is not undefined, as a member of an object. */
function appendValue(out: string, value: unknown): string {
  switch (typeof value) {
    case 'string':
      return NEEDS_ESCAPING.test(value) ? out + JSON.stringify(value) : out + '"' + value + '"';
    case 'number':
      return out + (Number.isFinite(value) ? String(value) : 'null');
    case 'boolean':
      return out + (value ? 'true' : 'false');
    case 'object':
      if (value === null) return `${out}null`;
      if (Array.isArray(value)) return appendArray(out, value);
      return appendMembers(out, value as Record<string, unknown>, NOT_A_STATEMENT);
    default:
      // functions, symbols (JSON.stringify gives undefined, which the former code wrote as the word) and bigints (it throws)
      return out + JSON.stringify(value);
  }
}

function appendArray(out: string, array: unknown[]): string {
  out += '[';
  for (let i = 0; i < array.length; i++) {
    if (i > 0) out += ',';
    const v = array[i];
    // An element JSON.stringify gives undefined for (undefined, a hole, a function) leaves an empty slot: "[,1]".
    out = v === undefined || typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint' ? out + (JSON.stringify(v) ?? '') : appendValue(out, v);
  }
  return `${out}]`;
}

/**
 * An object's members in key order, skipping undefined values. For a statement (`timestamp` not
 * NOT_A_STATEMENT) the LRS-set properties are left out and `timestamp` stands for its own.
 */
function appendMembers(out: string, object: Record<string, unknown>, timestamp: unknown): string {
  const keys = sortInPlace(Object.keys(object));
  const statement = timestamp !== NOT_A_STATEMENT;
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    let v = object[key];
    if (statement) {
      if (key === 'stored' || key === 'authority' || key === 'version') continue;
      if (key === 'timestamp') v = timestamp;
    }
    if (v === undefined) continue;
    // each + makes a string of its own, so the quote rides on the separator
    out = NEEDS_ESCAPING.test(key) ? out + (first ? '{' : ',') + JSON.stringify(key) + ':' : out + (first ? '{"' : ',"') + key + '":';
    out = appendValue(out, v);
    first = false;
  }
  return first ? `${out}{}` : `${out}}`;
}

/**
 * The order of Array.prototype.sort() (UTF-16 code units, which `<` compares too): an insertion
 * sort for the few keys of an xAPI object, which allocates nothing; many keys go to sort().
 */
function sortInPlace(keys: string[]): string[] {
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > key; j--) keys[j + 1] = keys[j];
    keys[j + 1] = key;
  }
  return keys;
}
