/**
 * What PostgreSQL cannot store in jsonb/text, found before it fails there with a 500: the NUL
 * character (U+0000) and UTF-16 lone surrogates (half of a pair, not a character), and nesting so
 * deep that walking it would overflow the stack. Such input is refused with 400 naming the field;
 * it is never silently escaped, so what the LRS returns is exactly what was sent.
 */

/** Deepest nesting accepted in a statement (objects and arrays); real xAPI statements stay below 15. */
export const MAX_JSON_DEPTH = 32;

export interface JsonProblem {
  path: (string | number)[];
  message: string;
}

// a high surrogate not followed by a low one, or a low one not preceded by a high one
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// a simple scan that clears almost every string before the slower look-around one runs
const SURROGATE = /[\uD800-\uDFFF]/;

/** Why this text cannot be stored, or null when it can. */
export function unstorableTextProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains the NUL character (\\u0000), which cannot be stored: remove it';
  if (SURROGATE.test(text) && LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (half of a character), which cannot be stored: send valid Unicode text';
  return null;
}

/**
 * The first problem in a parsed JSON value (keys and strings checked). Every statement is walked on
 * its way in, so the path is built only for a problem, on the way back up; recursion stops at
 * maxDepth, so deep nesting cannot overflow the stack. The order of the walk (an object's keys first,
 * then its values from the last to the first) decides which of several problems is named.
 */
export function findUnstorableJson(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblem | null {
  return hasProblem(value, 0, maxDepth) ? walk(value, 0, maxDepth) : null;
}

/**
 * Whether walk would find a problem, answered without allocating (no key lists): almost every value
 * has none, and only one that has is walked again to name it. for...in visits at least the keys walk
 * does, so a yes may be wrong (an inherited key) but a no never is.
 */
function hasProblem(v: unknown, depth: number, maxDepth: number): boolean {
  if (typeof v === 'string') return unstorableTextProblem(v) !== null;
  if (v === null || typeof v !== 'object') return false;
  if (depth >= maxDepth) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (hasProblem(v[i], depth + 1, maxDepth)) return true;
    return false;
  }
  for (const key in v) if (unstorableTextProblem(key) !== null || hasProblem((v as Record<string, unknown>)[key], depth + 1, maxDepth)) return true;
  return false;
}

function walk(v: unknown, depth: number, maxDepth: number): JsonProblem | null {
  if (typeof v === 'string') {
    const problem = unstorableTextProblem(v);
    return problem ? { path: [], message: problem } : null;
  }
  if (v === null || typeof v !== 'object') return null;
  if (depth >= maxDepth) return { path: [], message: `nested deeper than ${maxDepth} levels: flatten the value` };
  if (Array.isArray(v)) {
    for (let i = v.length - 1; i >= 0; i--) {
      const found = walk(v[i], depth + 1, maxDepth);
      if (found) return { path: [i, ...found.path], message: found.message };
    }
    return null;
  }
  const object = v as Record<string, unknown>;
  const keys = Object.keys(object);
  for (const key of keys) {
    const problem = unstorableTextProblem(key);
    if (problem) return { path: [key], message: `key ${problem}` };
  }
  for (let i = keys.length - 1; i >= 0; i--) {
    const found = walk(object[keys[i]], depth + 1, maxDepth);
    if (found) return { path: [keys[i], ...found.path], message: found.message };
  }
  return null;
}
