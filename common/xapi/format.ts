/**
 * The `format` parameter of GET statements (Communication 2.1.3): `exact` returns statements as
 * stored, `ids` only what identifies each Agent, Group, Activity and Verb, `canonical` one language
 * of every language map, chosen by the reader's Accept-Language. Pure: works on the stored JSON.
 */

export const STATEMENT_FORMATS = ['exact', 'ids', 'canonical'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

type Json = Record<string, unknown>;
const IFI = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;

function agentIds(agent: Json): Json {
  const out: Json = {};
  if (agent.objectType !== undefined) out.objectType = agent.objectType;
  for (const k of IFI) if (agent[k] !== undefined) out[k] = agent[k];
  // an anonymous Group is identified by its members
  if (agent.objectType === 'Group' && !IFI.some((k) => agent[k] !== undefined) && Array.isArray(agent.member)) out.member = (agent.member as Json[]).map(agentIds);
  return out;
}

const activityIds = (a: Json): Json => ({ objectType: 'Activity', id: a.id });

function objectIds(object: Json): Json {
  switch (object.objectType) {
    case 'Agent':
    case 'Group':
      return agentIds(object);
    case 'StatementRef':
      return object;
    case 'SubStatement':
      return { ...coreIds(object), objectType: 'SubStatement' };
    default:
      return activityIds(object);
  }
}

function contextIds(context: Json): Json {
  const out: Json = { ...context };
  if (context.instructor) out.instructor = agentIds(context.instructor as Json);
  if (context.team) out.team = agentIds(context.team as Json);
  if (context.contextActivities) {
    out.contextActivities = Object.fromEntries(Object.entries(context.contextActivities as Record<string, Json[]>).map(([k, list]) => [k, list.map(activityIds)]));
  }
  return out;
}

function coreIds(s: Json): Json {
  const out: Json = { ...s, actor: agentIds(s.actor as Json), verb: { id: (s.verb as Json).id }, object: objectIds(s.object as Json) };
  if (s.context) out.context = contextIds(s.context as Json);
  if (s.authority) out.authority = agentIds(s.authority as Json);
  return out;
}

/** The tags of an Accept-Language header, most wanted first (q=0 dropped). */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find((m) => m)?.[1];
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((l) => l.tag !== '' && l.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((l) => l.tag);
}

/** The one entry of a language map the reader wants: exact tag, then same primary language, then the first entry. */
export function pickLanguage(map: Record<string, string>, languages: string[]): Record<string, string> {
  const keys = Object.keys(map);
  if (keys.length <= 1) return map;
  const lower = keys.map((k) => k.toLowerCase());
  for (const want of languages) {
    if (want === '*') break;
    const exact = lower.indexOf(want);
    if (exact >= 0) return { [keys[exact]]: map[keys[exact]] };
    const primary = want.split('-')[0];
    const near = lower.findIndex((k) => k.split('-')[0] === primary);
    if (near >= 0) return { [keys[near]]: map[keys[near]] };
  }
  return { [keys[0]]: map[keys[0]] };
}

const LANGUAGE_MAPS = new Set(['display', 'name', 'description']);

/** Every language map (verb display, activity name and description, interaction component and attachment texts) reduced to one language. */
function canonical(value: unknown, languages: string[], key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v, languages));
  if (value === null || typeof value !== 'object') return value;
  if (LANGUAGE_MAPS.has(key) && Object.values(value).every((v) => typeof v === 'string')) return pickLanguage(value as Record<string, string>, languages);
  // extensions are the author's data, not language maps
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'extensions' ? v : canonical(v, languages, k)]));
}

export function formatStatement(statement: Json, format: StatementFormat, languages: string[]): Json {
  if (format === 'ids') return coreIds(statement);
  if (format === 'canonical') return canonical(statement, languages) as Json;
  return statement;
}
