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

/** Why this text cannot be stored, or null when it can. */
export function unstorableTextProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'contains the NUL character (\\u0000), which cannot be stored: remove it';
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate (half of a character), which cannot be stored: send valid Unicode text';
  return null;
}

/** The first problem in a parsed JSON value (keys and strings checked), walked without recursion. */
export function findUnstorableJson(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonProblem | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = unstorableTextProblem(v);
      if (problem) return { path, message: problem };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= maxDepth) return { path, message: `nested deeper than ${maxDepth} levels: flatten the value` };
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((item, i) => [i, item]) : Object.entries(v as Record<string, unknown>);
    for (const [key, item] of entries) {
      if (typeof key === 'string') {
        const problem = unstorableTextProblem(key);
        if (problem) return { path: [...path, key], message: `key ${problem}` };
      }
      stack.push({ value: item, path: [...path, key] });
    }
  }
  return null;
}
