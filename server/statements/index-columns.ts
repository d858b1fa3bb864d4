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

/** Every agent key and activity id a statement (or its SubStatement) mentions, for related_agents/related_activities. */
function collect(s: Core, agents: Set<string>, activities: Set<string>): void {
  const addActor = (a: Actor | undefined) => {
    if (!a) return;
    const key = actorKey(a);
    if (key) agents.add(key);
    for (const m of a.member ?? []) addActor(m);
  };
  addActor(s.actor);
  if (isAgentOrGroup(s.object)) addActor(s.object);
  const activity = activityId(s.object);
  if (activity) activities.add(activity);
  addActor(s.context?.instructor);
  addActor(s.context?.team);
  for (const list of Object.values(s.context?.contextActivities ?? {})) for (const a of list ?? []) activities.add(a.id);
  if ('objectType' in s.object && s.object.objectType === 'SubStatement') collect(s.object as Core, agents, activities);
}

export function indexColumns(s: Statement): StatementIndex {
  const key = actorKey(s.actor);
  const objectAgentKey = isAgentOrGroup(s.object) ? actorKey(s.object) : null;
  const activity = activityId(s.object);
  const agents = new Set<string>();
  const activities = new Set<string>();
  collect(s, agents, activities);
  agents.delete(key ?? '');
  agents.delete(objectAgentKey ?? '');
  activities.delete(activity ?? '');
  return {
    actorKey: key,
    objectAgentKey,
    activityId: activity,
    relatedAgents: agents.size > 0 ? [...agents] : null,
    relatedActivities: activities.size > 0 ? [...activities] : null,
    registration: s.context?.registration?.toLowerCase() ?? null,
    voids: s.verb.id === VOIDED_VERB && 'objectType' in s.object && s.object.objectType === 'StatementRef' ? s.object.id.toLowerCase() : null,
  };
}
