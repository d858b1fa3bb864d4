import { z } from 'zod';
import { issuePath } from '../common/validation/zod-issues';

/**
 * Turns zod issues on a terminal config into lines site IT can act on:
 * `<file>:<line>: <field.path>: <problem>. Fix: <how>`.
 */

export interface ConfigProblem {
  /** Dotted field path, or '' for the file as a whole (including syntax errors, which give a line). */
  where: string;
  /** 1-based line in the file, when the file was read far enough to know it. */
  line?: number;
  problem: string;
  fix: string;
}

export function formatProblem(file: string, p: ConfigProblem): string {
  return `${file}${p.line ? `:${p.line}` : ''}: ${p.where ? `${p.where}: ` : ''}${p.problem}. Fix: ${p.fix}`;
}

/** Example values shown when a field is missing or has the wrong type. */
const EXAMPLES: Record<string, string> = {
  site: '{ "id": "plant-2", "name": "Plant 2" }',
  'site.id': '"plant-2"',
  'site.name': '"Plant 2"',
  station: '{ "id": "press-line-4", "name": "Press line 4" }',
  'station.id': '"press-line-4"',
  'station.name': '"Press line 4"',
  dataDir: '"/var/lib/shiftlearn"',
  language: '"en"',
  idleTimeoutSeconds: '60',
  reader: '{ "mode": "wedge" }',
  'reader.maxInterKeyMs': '100',
  'reader.vendorId': '"0x08ff"',
  'reader.productId': '"0x0009"',
  'reader.reconnectIntervalMs': '2000',
  badge: '{ "pattern": "[0-9]+", "minLength": 4, "maxLength": 10 }',
  'badge.stripPrefix': '"FC"',
  'badge.stripSuffix': '""',
  'badge.pattern': '"[0-9]{4,10}"',
  'badge.minLength': '4',
  'badge.maxLength': '10',
  'badge.debounceMs': '1500',
  server: '{ "url": "https://learn.example.com", "enrollmentCode": "K7P2-9QXM" }',
  'server.url': '"https://learn.example.com"',
  'server.enrollmentCode': '"K7P2-9QXM"',
  'server.syncIntervalSeconds': '60',
  demo: 'false',
};

const USB_ID_FIX =
  'write the USB id as hex in quotes, e.g. "0x08ff" or "08ff" (lsusb on Linux shows vendor:product as 08ff:0009; Windows Device Manager shows VID_08FF&PID_0009)';

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

const article = (type: string): string => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);

/** Peels defaults, optionals and transforms off a schema to reach the object or union underneath. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodPrefault) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else return s;
  }
}

/** The object schema at `path`, choosing a union member by the input's discriminator (e.g. reader.mode). */
function objectAt(root: z.ZodType, path: PropertyKey[], input: unknown): z.ZodObject | null {
  let s = unwrap(root);
  for (let i = 0; i <= path.length; i++) {
    if (s instanceof z.ZodDiscriminatedUnion || s instanceof z.ZodUnion) {
      const here = valueAt(input, path.slice(0, i));
      const objects = (s.options as z.ZodType[]).map(unwrap).filter((o): o is z.ZodObject => o instanceof z.ZodObject);
      const mode = here && typeof here === 'object' ? (here as Record<string, unknown>).mode : undefined;
      const chosen = objects.find((o) => {
        const lit = o.shape.mode;
        return lit instanceof z.ZodLiteral && lit.values.has(mode as never);
      });
      if (!chosen) return null;
      s = chosen;
    }
    if (!(s instanceof z.ZodObject)) return null;
    if (i === path.length) return s;
    const next = s.shape[String(path[i])] as z.ZodType | undefined;
    if (!next) return null;
    s = unwrap(next);
  }
  return null;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diag + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length]!;
}

function unknownKeyFix(key: string, known: string[]): string {
  // A typo (small edit distance) or a truncated name ("idleTimeout" for "idleTimeoutSeconds").
  const stem = key.toLowerCase().slice(0, Math.max(4, key.length - 2));
  const close = known.filter((k) => editDistance(key, k) <= Math.max(1, Math.floor(k.length / 4)) || k.toLowerCase().startsWith(stem));
  const hint = close.length > 0 ? `did you mean "${close[0]}"? ` : '';
  return `${hint}remove it or check the spelling (known keys: ${known.join(', ')})`;
}

function regexError(pattern: unknown): string {
  try {
    new RegExp(String(pattern));
    return '';
  } catch (err) {
    return err instanceof Error ? ` (${err.message})` : '';
  }
}

/** "Spanish", "spanish" or "español" -> "es"; a name site IT wrote where the code belongs. */
function languageCodeFor(name: string): string | null {
  const wanted = name.trim().toLowerCase();
  const english = new Intl.DisplayNames(['en'], { type: 'language' });
  for (let a = 97; a <= 122; a++) {
    for (let b = 97; b <= 122; b++) {
      const code = String.fromCharCode(a, b);
      const names = [english.of(code), new Intl.DisplayNames([code], { type: 'language' }).of(code)];
      if (names.some((n) => n !== code && n?.toLowerCase() === wanted)) return code;
    }
  }
  const tag = /^([a-z]{2,3})[-_]([a-z]{2})$/i.exec(name.trim());
  return tag ? `${tag[1]!.toLowerCase()}-${tag[2]!.toUpperCase()}` : null;
}

function missing(where: string, path: PropertyKey[], example: string | undefined): ConfigProblem {
  return { where, problem: 'missing required field', fix: `add "${String(path.at(-1) ?? where)}"${example ? `, e.g. ${example}` : ''}` };
}

/** One or more problems for one zod issue (an unknown-keys issue names each key separately). */
function describeIssue(issue: z.core.$ZodIssue, input: unknown, schema: z.ZodType): ConfigProblem[] {
  const path = issue.path;
  const where = issuePath(path) || '(top level)';
  const value = valueAt(input, path);
  const example = EXAMPLES[issuePath(path)];

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = Object.keys(objectAt(schema, path, input)?.shape ?? {});
      return issue.keys.map((key) => ({
        where: issuePath([...path, key]),
        problem: 'unknown key',
        fix: unknownKeyFix(key, known),
      }));
    }
    case 'invalid_type': {
      if (value === undefined) return [missing(where, path, example)];
      let fix = `write ${article(issue.expected)}${example ? `, e.g. ${example}` : ''}`;
      if (issue.expected === 'number' && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
        fix = `remove the quotes: ${Number(value)}`;
      } else if (issue.expected === 'boolean' && typeof value === 'string') {
        fix = 'write true or false, without quotes';
      }
      return [{ where, problem: `expected ${article(issue.expected)}, got ${describeType(value)}`, fix }];
    }
    case 'too_small':
    case 'too_big': {
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const isText = issue.origin === 'string';
      const rel = issue.code === 'too_small' ? 'at least' : 'at most';
      const limit = isText ? `${bound} character${bound === 1 ? '' : 's'}` : String(bound);
      const problem = isText ? `must be ${rel} ${limit} long` : `must be ${rel} ${limit}, got ${String(value)}`;
      const usb = path.at(-1) === 'vendorId' || path.at(-1) === 'productId';
      return [{ where, problem, fix: usb ? `USB ids are at most 0xffff; ${USB_ID_FIX}` : `use a value ${rel} ${limit}${example ? `, e.g. ${example}` : ''}` }];
    }
    case 'invalid_format': {
      if (issuePath(path) === 'language') {
        const code = typeof value === 'string' ? languageCodeFor(value) : null;
        return [{
          where,
          problem: `${describeType(value)} is not a language tag`,
          fix: `write a BCP 47 language tag${code ? `: "${code}" for ${String(value)}` : ' such as "es", "en" or "pt-BR"'} (the same code lesson files use, e.g. safe-lifting.es.md)`,
        }];
      }
      if (issue.format === 'url') {
        return [{ where, problem: `${describeType(value)} is not an http(s) URL`, fix: 'write the full server address starting with https:// or http://, e.g. "https://learn.example.com"' }];
      }
      return [{ where, problem: issue.message, fix: example ? `write it like ${example}` : 'correct the value' }];
    }
    case 'invalid_union': {
      if ('discriminator' in issue && issue.discriminator) {
        const options = Array.isArray((issue as { options?: unknown }).options) ? ((issue as { options: unknown[] }).options as unknown[]) : [];
        return [{
          where,
          problem: `${describeType(value)} is not one of ${options.map((o) => JSON.stringify(o)).join(', ')}`,
          fix: 'use "wedge" (a reader that types like a keyboard; the default) or "hid" (raw USB HID; needs vendorId and productId)',
        }];
      }
      if (value === undefined) return [missing(where, path, example)];
      if (path.at(-1) === 'vendorId' || path.at(-1) === 'productId') return [{ where, problem: `${describeType(value)} is not a USB id`, fix: USB_ID_FIX }];
      return [{ where, problem: `${describeType(value)} is not valid here`, fix: example ? `write it like ${example}` : 'correct the value' }];
    }
    case 'custom': {
      if (path.at(-1) === 'pattern') {
        return [{
          where,
          problem: `not a valid regular expression${regexError(value)}`,
          fix: 'write a JavaScript regular expression for the whole badge id, e.g. "[0-9]{4,10}"; in JSON double each backslash ("\\\\d+")',
        }];
      }
      if (path.at(-1) === 'minLength') {
        return [{ where, problem: issue.message, fix: 'make badge.minLength less than or equal to badge.maxLength' }];
      }
      return [{ where, problem: issue.message, fix: example ? `write it like ${example}` : 'correct the value' }];
    }
    default:
      return [{ where, problem: issue.message, fix: example ? `write it like ${example}` : 'correct the value' }];
  }
}

export function describeIssues(issues: readonly z.core.$ZodIssue[], input: unknown, schema: z.ZodType): ConfigProblem[] {
  return issues.flatMap((issue) => describeIssue(issue, input, schema));
}
