import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so equal content gives equal text whatever the key order.
 * The text must stay byte for byte what it has always been (stored content hashes are compared with
 * it; test/unit/common/canonical-json.property.test.ts holds the former code and compares), and it
 * runs for every stored statement, so it is written for the allocator. Mostly it is JSON.stringify
 * of a copy with every object's keys inserted in sorted order (sortedCopy), which writes one flat
 * string in C++; values a copy cannot stand for are written piece by piece (appendValue).
 */
export function canonicalJson(value: unknown): string {
  // A lone non-JSON value (undefined, a function) gives undefined, as JSON.stringify does.
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const copy = sortedCopy(value, NOT_A_STATEMENT);
  return copy === NOT_COPYABLE ? appendValue('', value) : JSON.stringify(copy);
}

/**
 * The hash two submissions of one statement id are compared by. The LRS-set properties (stored,
 * authority, version) are left out: a statement fetched and re-posted is still the same statement.
 * Timestamps are compared as instants, so 14:00:00Z and 14:00:00.000Z are the same.
 */
export function statementContentHash(statement: Record<string, unknown>): string {
  const timestamp = typeof statement.timestamp === 'string' ? new Date(statement.timestamp).toISOString() : statement.timestamp;
  const copy = sortedMembers(statement, timestamp);
  return createHash('sha256')
    .update(copy === NOT_COPYABLE ? appendMembers('', statement, timestamp) : JSON.stringify(copy))
    .digest('hex');
}

/** `timestamp` for an object that is not the statement itself: nothing is left out or replaced. */
const NOT_A_STATEMENT = Symbol('not a statement');

const NOT_COPYABLE = Symbol('not copyable');

/**
 * The value with the keys of every object inserted in sorted order, so JSON.stringify writes the
 * canonical text; NOT_COPYABLE where it would write something else: a key objects enumerate before
 * the others whatever the insertion order (integer-like, such as "10"; every key starting with a digit
 * is taken as one) or that assignment does not make an own property (__proto__), and values
 * JSON.stringify writes otherwise (functions, symbols and bigints; undefined in an array).
 */
function sortedCopy(value: object, timestamp: unknown): unknown {
  if (!Array.isArray(value)) return sortedMembers(value as Record<string, unknown>, timestamp);
  const copy: unknown[] = [];
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (v === undefined || !copyable(v)) return NOT_COPYABLE;
    const c = v !== null && typeof v === 'object' ? sortedCopy(v, NOT_A_STATEMENT) : v;
    if (c === NOT_COPYABLE) return NOT_COPYABLE;
    copy.push(c);
  }
  return copy;
}

/** sortedCopy of an object; for a statement (`timestamp` not NOT_A_STATEMENT) as statementContentHash takes it. */
function sortedMembers(object: Record<string, unknown>, timestamp: unknown): unknown {
  const keys = sortInPlace(Object.keys(object));
  const copy: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const first = key.charCodeAt(0);
    if ((first >= 0x30 && first <= 0x39) || key === '__proto__') return NOT_COPYABLE;
    const v = memberOf(object, key, timestamp);
    if (v === undefined) continue;
    if (!copyable(v)) return NOT_COPYABLE;
    const c = v !== null && typeof v === 'object' ? sortedCopy(v, NOT_A_STATEMENT) : v;
    if (c === NOT_COPYABLE) return NOT_COPYABLE;
    copy[key] = c;
  }
  return copy;
}

/**
 * object[key] as the canonical text takes it: for a statement (`timestamp` not NOT_A_STATEMENT) the
 * LRS-set properties are left out (undefined, skipped like any undefined) and `timestamp` stands for its own.
 */
function memberOf(object: Record<string, unknown>, key: string, timestamp: unknown): unknown {
  if (timestamp === NOT_A_STATEMENT) return object[key];
  if (key === 'stored' || key === 'authority' || key === 'version') return undefined;
  return key === 'timestamp' ? timestamp : object[key];
}

const copyable = (v: unknown): boolean => typeof v !== 'function' && typeof v !== 'symbol' && typeof v !== 'bigint';

/**
 * The canonical text written piece by piece, for what sortedCopy cannot stand for (rare in a
 * statement: an extension or language map with integer-like keys). `out` followed by a value that is
 * not undefined, as a member of an object.
 */
function appendValue(out: string, value: unknown): string {
  // JSON.stringify gives undefined for a function or symbol, which the former code wrote as the word
  if (value === null || typeof value !== 'object') return out + JSON.stringify(value);
  return Array.isArray(value) ? appendArray(out, value) : appendMembers(out, value as Record<string, unknown>, NOT_A_STATEMENT);
}

function appendArray(out: string, array: unknown[]): string {
  out += '[';
  for (let i = 0; i < array.length; i++) {
    if (i > 0) out += ',';
    const v: unknown = array[i];
    // an element JSON.stringify gives undefined for (undefined, a hole, a function) leaves an empty slot: "[,1]"
    out = v === null || typeof v !== 'object' ? out + (JSON.stringify(v) ?? '') : appendValue(out, v);
  }
  return `${out}]`;
}

/**
 * An object's members in key order, skipping undefined values. For a statement (`timestamp` not
 * NOT_A_STATEMENT) the LRS-set properties are left out and `timestamp` stands for its own.
 */
function appendMembers(out: string, object: Record<string, unknown>, timestamp: unknown): string {
  const keys = sortInPlace(Object.keys(object));
  let first = true;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const v = memberOf(object, key, timestamp);
    if (v === undefined) continue;
    out = appendValue(`${out}${first ? '{' : ','}${JSON.stringify(key)}:`, v);
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
