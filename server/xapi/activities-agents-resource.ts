import type { FastifyPluginAsync } from 'fastify';
import { withAlternateSyntax, type XapiHandler } from './alternate-syntax';
import { mergeDefinitions } from './activity-definition';
import { agentParam, requiredIri, requireDocumentAccess } from './documents-resource';
import { onlyParams } from './params';

/** How many recent statements the Activities and Agents resources learn from: recent is what tools sent last, and the cost stays bounded. */
const RECENT = 200;
const ACTIVITIES = 'Communication 2.5 Activities Resource';
const AGENTS = 'Communication 2.4 Agents Resource';

/** GET /xapi/activities (the Activity with its canonical definition) and GET /xapi/agents (the Person an Agent is known as). */
export const activitiesAgentsResources: FastifyPluginAsync = async (app) => {
  const activity: XapiHandler = async (req) => {
    requireDocumentAccess(req, false, ACTIVITIES);
    const q = onlyParams(req.query, ['activityId'], 'GET activities', ACTIVITIES);
    const id = requiredIri(q.activityId, 'activityId', ACTIVITIES);
    const r = await app.db.query<{ definition: Record<string, unknown> }>(
      `SELECT definition FROM (
         SELECT seq, statement->'object'->'definition' AS definition FROM statements
          WHERE activity_id = $1 AND voided_by IS NULL AND statement->'object' ? 'definition'
          ORDER BY seq DESC LIMIT ${RECENT}) recent
        ORDER BY seq`,
      [id],
    );
    const definition = mergeDefinitions(r.rows.map((row) => row.definition));
    return { objectType: 'Activity', id, ...(Object.keys(definition).length > 0 ? { definition } : {}) };
  };

  const agents: XapiHandler = async (req) => {
    requireDocumentAccess(req, false, AGENTS);
    const q = onlyParams(req.query, ['agent'], 'GET agents', AGENTS);
    const { key, agent } = agentParam(q.agent, AGENTS);
    const r = await app.db.query<{ name: string }>(
      `SELECT DISTINCT name FROM (
         SELECT statement->'actor'->>'name' AS name FROM statements WHERE actor_key = $1 ORDER BY seq DESC LIMIT ${RECENT}) recent
        WHERE name IS NOT NULL`,
      [key],
    );
    const names = [...new Set([...(agent.name ? [agent.name] : []), ...r.rows.map((row) => row.name)])];
    // the Person lists every identifier it is known by; this LRS knows an agent by the one it was asked for
    const person: Record<string, unknown> = { objectType: 'Person' };
    if (names.length > 0) person.name = names;
    for (const ifi of ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const) if (agent[ifi] !== undefined) person[ifi] = [agent[ifi]];
    return person;
  };

  app.get('/activities', activity);
  app.post('/activities', withAlternateSyntax({ GET: activity }, 'json'));
  app.get('/agents', agents);
  app.post('/agents', withAlternateSyntax({ GET: agents }, 'json'));
};
