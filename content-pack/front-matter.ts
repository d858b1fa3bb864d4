import { z } from 'zod';
import { LineCounter, parseDocument, isMap, isScalar } from 'yaml';
import { boundedYamlData, MAX_YAML_ALIASES } from '../common/yaml/bounded-data';
import type { Problem } from './problems';

/**
 * The YAML front matter of a lesson file. Unknown fields are errors: a misspelt `prerequisite:`
 * must not silently become "no prerequisites".
 */

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes');

/**
 * `<number><unit>`, unit d (days), w (weeks, 7 days), m (months, counted as 30 days) or
 * y (years, counted as 365 days); `never` means the lesson does not expire.
 */
export const RECERTIFY_GRAMMAR = /^([1-9][0-9]{0,3})([dwmy])$/;
const DAYS_PER_UNIT: Record<string, number> = { d: 1, w: 7, m: 30, y: 365 };

export function recertifyDays(value: string): number | null | undefined {
  if (value === 'never') return null;
  const m = RECERTIFY_GRAMMAR.exec(value);
  return m ? Number(m[1]) * DAYS_PER_UNIT[m[2]] : undefined;
}

const recertifyAfter = z
  .union([z.string(), z.null()])
  .transform((value, ctx) => {
    if (value === null) return null;
    const days = recertifyDays(value);
    if (days === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a recertification period` });
      return z.NEVER;
    }
    return days;
  });

const list = z.array(slug).default([]);

/**
 * Who must do the lesson. The server adds it to these roles' and stations' requirements when it
 * publishes a new version; `recert_days` is how long a completion counts (the lesson's recertification).
 */
const requiredFor = z
  .object({
    roles: list,
    stations: list,
    recert_days: z.number().int().min(1).max(3650).optional(),
  })
  .strict()
  .refine((r) => r.roles.length + r.stations.length > 0, 'name at least one role or station');

export const frontMatterSchema = z
  .object({
    id: slug,
    version: z.number().int().positive(),
    title: z.string().trim().min(1),
    language: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'use a language code such as en, es or pt-BR'),
    duration: z.number().min(1).max(10),
    summary: z.string().trim().default(''),
    skills: list,
    roles: list,
    stations: list,
    prerequisites: list,
    recertify_after: recertifyAfter.default(null),
    tags: list,
    required_for: requiredFor.optional(),
  })
  .strict();

export type FrontMatterInput = z.input<typeof frontMatterSchema>;
export type FrontMatter = z.output<typeof frontMatterSchema>;

/** How to fix each field, in the trainer's terms. */
const FIELD_FIXES: Record<string, string> = {
  id: 'write the lesson id in lowercase letters, digits and dashes, the same as the file name (e.g. id: lockout-tagout-basics)',
  version: 'write a whole number of 1 or more and raise it whenever the lesson changes (e.g. version: 2)',
  title: 'give the lesson a short title (e.g. title: Lockout/tagout basics)',
  language: 'write the language code, the same as in the file name (e.g. language: es)',
  duration: 'write the expected minutes as a number from 1 to 10 (e.g. duration: 3); split a longer lesson in two',
  summary: 'write a one-sentence summary as plain text',
  skills: 'write a list of lowercase-dash names, e.g. skills: [lockout-tagout]',
  roles: 'write a list of lowercase-dash role names, e.g. roles: [press-operator, supervisor]',
  stations: 'write a list of lowercase-dash station names, e.g. stations: [press-line-4]',
  prerequisites: 'write a list of lesson ids, e.g. prerequisites: [lockout-tagout-basics]',
  recertify_after: 'write a period as <number><unit> with unit d, w, m (30 days) or y (365 days), e.g. 365d, 12w, 6m, 1y, or "never"',
  tags: 'write a list of lowercase-dash tags, e.g. tags: [safety]',
  required_for:
    'write the roles and/or station ids that must do the lesson, and optionally the days a completion counts, e.g. required_for: {roles: [press-operator], stations: [press-line-4], recert_days: 365}',
};

export const KNOWN_FIELDS = Object.keys(FIELD_FIXES);

export interface ParsedFrontMatter {
  data: FrontMatter | null;
  /** File line of each top-level key, for pointing problems at the right line. */
  keyLines: Map<string, number>;
  problems: Problem[];
}

/**
 * Parses the front matter text that starts on `firstLine` of `file` and validates it, reporting
 * every problem with the line of the field it concerns.
 */
export function parseFrontMatter(file: string, text: string, firstLine: number): ParsedFrontMatter {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const keyLines = new Map<string, number>();
  const lineOf = (offset: number) => firstLine + lineCounter.linePos(offset).line - 1;
  const problems: Problem[] = [];

  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      problems.push({
        file,
        line: lineOf(err.pos[0]),
        problem: `front matter is not valid YAML (${err.message.split('\n')[0]})`,
        fix: 'write one "field: value" per line; put text containing ":" or "#" in double quotes',
      });
    }
    return { data: null, keyLines, problems };
  }
  if (!isMap(doc.contents)) {
    problems.push({
      file,
      line: firstLine,
      problem: 'front matter is not a list of fields',
      fix: 'write one "field: value" per line between the two "---" lines',
    });
    return { data: null, keyLines, problems };
  }
  for (const pair of doc.contents.items) {
    if (isScalar(pair.key) && pair.key.range) keyLines.set(String(pair.key.value), lineOf(pair.key.range[0]));
  }

  const bounded = boundedYamlData(doc);
  if (!bounded.ok) {
    problems.push({
      file,
      line: bounded.firstAliasOffset === null ? firstLine : lineOf(bounded.firstAliasOffset),
      problem: `front matter aliases (*name) expand to more than ${MAX_YAML_ALIASES} copies; the front matter was not read`,
      fix: 'write each value out instead of using anchors (&name) and aliases (*name); front matter never needs them',
    });
    return { data: null, keyLines, problems };
  }
  const result = frontMatterSchema.safeParse(bounded.data);
  if (result.success) return { data: result.data, keyLines, problems };

  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys' && issue.path.length > 0) {
      const field = String(issue.path[0]);
      problems.push({
        file,
        line: keyLines.get(field) ?? firstLine,
        problem: `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} in "${issue.path.join('.')}"`,
        fix: FIELD_FIXES[field] ?? 'remove it or correct the spelling',
      });
      continue;
    }
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          file,
          line: keyLines.get(key) ?? firstLine,
          problem: `unknown front-matter field "${key}"`,
          fix: `remove it or correct the spelling; the fields are: ${KNOWN_FIELDS.join(', ')}`,
        });
      }
      continue;
    }
    const field = String(issue.path[0] ?? '');
    const missing = issue.code === 'invalid_type' && !keyLines.has(field);
    problems.push({
      file,
      line: keyLines.get(field) ?? firstLine,
      problem: missing
        ? `front-matter field "${field}" is missing`
        : field === 'duration' && (issue.code === 'too_small' || issue.code === 'too_big')
          ? `duration ${JSON.stringify(doc.get('duration'))} is outside 1-10 minutes`
          : `front-matter field "${issue.path.join('.')}" is invalid: ${issue.message}`,
      fix: FIELD_FIXES[field] ?? 'correct the value',
    });
  }
  return { data: null, keyLines, problems };
}
