import { VOIDED_VERB, type Statement } from '../../common/xapi/statement';

/**
 * The columns statements are found by, taken from the statement (pure). The related_* lists hold
 * only what the actor_key / activity_id columns do not already say, and are null when empty: a
 * kiosk completion names one worker and one lesson, so its rows carry no lists at all.
 */
export interface StatementIndex {
  actorKey: string | null;
  /** The object when it is an Agent or identified Group. */
  objectAgentKey: string | null;
  activityId: string | null;
  relatedAgents: string[] | null;
  relatedActivities: string[] | null;
  registration: string | null;
  /** The statement a voiding statement voids. */
  voids: string | null;
}

type Actor = { mbox?: string; mbox_sha1sum?: string; openid?: string; account?: { homePage: string; name: string }; member?: Actor[] };

/** The key statements are filtered by agent on: the agent's one inverse functional identifier. */
export function actorKey(actor: Actor): string | null {
  if (actor.account) return `account|${actor.account.homePage}|${actor.account.name}`;
  if (actor.mbox) return `mbox|${actor.mbox.toLowerCase()}`;
  if (actor.mbox_sha1sum) return `mbox_sha1sum|${actor.mbox_sha1sum.toLowerCase()}`;
  if (actor.openid) return `openid|${actor.openid}`;
  return null;
}

type StatementObject = Statement['object'];
type Core = { actor: Actor; object: StatementObject | Exclude<StatementObject, { objectType: 'SubStatement' }>; context?: Statement['context'] };

export function activityId(object: Core['object']): string | null {
  return !('objectType' in object) || object.objectType === undefined || object.objectType === 'Activity' ? (object as { id: string }).id : null;
}

const isAgentOrGroup = (o: Core['object']): o is Actor & Core['object'] => 'objectType' in o && (o.objectType === 'Agent' || o.objectType === 'Group');

/**
 * What collect finds besides the row's own columns, first mention first. The sets are made only
 * when there is something to put in them: a kiosk completion names nothing else, and the index of
 * every stored statement is taken on the ingest path.
 */
interface Related {
  own: StatementIndex;
  agents: Set<string> | null;
  activities: Set<string> | null;
}

function addAgent(r: Related, a: Actor | undefined): void {
  if (!a) return;
  const key = actorKey(a);
  if (key && key !== r.own.actorKey && key !== r.own.objectAgentKey) (r.agents ??= new Set()).add(key);
  if (a.member) for (const m of a.member) addAgent(r, m);
}

function addActivity(r: Related, id: string | null): void {
  if (id && id !== r.own.activityId) (r.activities ??= new Set()).add(id);
}

/** Every agent key and activity id a statement (or its SubStatement) mentions, for related_agents/related_activities. */
function collect(s: Core, r: Related): void {
  addAgent(r, s.actor);
  if (isAgentOrGroup(s.object)) addAgent(r, s.object);
  addActivity(r, activityId(s.object));
  const context = s.context;
  if (context) {
    addAgent(r, context.instructor);
    addAgent(r, context.team);
    if (context.contextActivities) for (const list of Object.values(context.contextActivities)) for (const a of list ?? []) addActivity(r, a.id);
  }
  if ('objectType' in s.object && s.object.objectType === 'SubStatement') collect(s.object as Core, r);
}

export function indexColumns(s: Statement): StatementIndex {
  const own: StatementIndex = {
    actorKey: actorKey(s.actor),
    objectAgentKey: isAgentOrGroup(s.object) ? actorKey(s.object) : null,
    activityId: activityId(s.object),
    relatedAgents: null,
    relatedActivities: null,
    registration: s.context?.registration?.toLowerCase() ?? null,
    voids: s.verb.id === VOIDED_VERB && 'objectType' in s.object && s.object.objectType === 'StatementRef' ? s.object.id.toLowerCase() : null,
  };
  const related: Related = { own, agents: null, activities: null };
  collect(s, related);
  if (related.agents) own.relatedAgents = [...related.agents];
  if (related.activities) own.relatedActivities = [...related.activities];
  return own;
}
