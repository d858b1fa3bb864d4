import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { maskBadge } from '../../common/privacy/mask-badge';
import { recordAudit } from './audit-log';

/** Who made an admin call, as the admin guard found them (set before it refuses a non-admin). */
export type AdminActor = { type: 'dashboard-user'; id: string; email: string } | { type: 'admin-token'; id: string };

declare module 'fastify' {
  interface FastifyRequest {
    adminActor?: AdminActor;
  }
}

/** The parts of a call a target is read from; `response` parses the JSON answer only when asked. */
interface CallParts {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  response: () => Record<string, unknown>;
}
type Targets = Record<string, string | number | boolean | string[] | undefined>;

interface ActionSpec {
  action: string;
  /** Ids of what the call changed. Only named, non-secret fields: never a password, key secret, token or code. */
  target?: (call: CallParts) => Targets;
  /** True when this call changes nothing (a dry run), so there is nothing to record. */
  readOnly?: (call: CallParts) => boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** Ids from a list of objects, at most 20 of them (the count says how many there were). */
const ids = (items: unknown, field: string): string[] =>
  [...new Set(list(items).map((i) => str((i as Record<string, unknown> | null)?.[field])).filter((s): s is string => s !== undefined))].slice(0, 20);
const count = (items: unknown): number => list(items).length;

const requirementsSet: ActionSpec = {
  action: 'requirements.set',
  target: ({ body }) => ({
    roles: ids(body.roles, 'role'),
    stations: list(body.stations).map((s) => `${str((s as Record<string, unknown>).siteId)}/${str((s as Record<string, unknown>).stationId)}`).slice(0, 20),
  }),
};

/**
 * Every state-changing admin route by method and route pattern (test/server/admin-audit.test.ts
 * checks each is here). A route missing from this table is still recorded, under its method and
 * pattern with its path parameters as target.
 */
export const ADMIN_ACTIONS: Record<string, ActionSpec> = {
  'POST /api/v1/admin/sites': { action: 'site.save', target: ({ body }) => ({ siteId: str(body.id) }) },
  'POST /api/v1/admin/stations': { action: 'station.save', target: ({ body }) => ({ siteId: str(body.siteId), stationId: str(body.id) }) },
  'PUT /api/v1/admin/workers': { action: 'workers.save', target: ({ body }) => ({ count: count(body.workers), employeeIds: ids(body.workers, 'employeeId') }) },
  // Badge ids sign workers in: only the last digits, as in the request log.
  'PUT /api/v1/admin/badges': { action: 'badges.save', target: ({ body }) => ({ count: count(body.badges), employeeIds: ids(body.badges, 'employeeId') }) },
  'DELETE /api/v1/admin/badges/:badgeId': { action: 'badge.delete', target: ({ params }) => ({ badge: maskBadge(str(params.badgeId) ?? '') }) },
  'PUT /api/v1/admin/assignments': { action: 'assignments.save', target: ({ body }) => ({ count: count(body.assignments), assignmentIds: ids(body.assignments, 'id') }) },
  'DELETE /api/v1/admin/assignments/:id': { action: 'assignment.delete', target: ({ params }) => ({ assignmentId: str(params.id) }) },
  'POST /api/v1/admin/roster/import': {
    action: 'roster.import',
    readOnly: ({ query }) => query.dryRun === 'true' || query.dryRun === '1',
    target: ({ response }) => {
      const r = response();
      return { sites: list(r.sites).map(String), added: r.added as number, changed: r.changed as number, deactivated: r.deactivated as number };
    },
  },
  'PUT /api/v1/admin/requirements': requirementsSet,
  // The Requirements page, for admins and (when allowed) supervisors: recorded like the admin route.
  'PUT /api/v1/dashboard/requirements': requirementsSet,
  'PUT /api/v1/admin/settings': {
    action: 'settings.set',
    target: ({ body }) => Object.fromEntries(Object.entries(body).filter((e): e is [string, boolean] => typeof e[1] === 'boolean')),
  },
  'POST /api/v1/admin/users': { action: 'user.save', target: ({ body, response }) => ({ userId: str(response().id), email: str(body.email), role: str(body.role) }) },
  'PATCH /api/v1/admin/users/:id': { action: 'user.update', target: ({ params, body }) => ({ userId: str(params.id), fields: Object.keys(body).sort() }) },
  'PUT /api/v1/admin/users/:id/password': { action: 'user.reset-password', target: ({ params }) => ({ userId: str(params.id) }) },
  'POST /api/v1/admin/lrs-keys': { action: 'lrs-key.create', target: ({ body, response }) => ({ key: str(response().key), label: str(body.label), write: body.write === true }) },
  'POST /api/v1/admin/lrs-keys/:key/revoke': { action: 'lrs-key.revoke', target: ({ params }) => ({ key: str(params.key) }) },
  'POST /api/v1/admin/admin-tokens': { action: 'admin-token.create', target: ({ body, response }) => ({ tokenId: str(response().id), label: str(body.label) }) },
  'POST /api/v1/admin/enrollment-codes': {
    action: 'enrollment-code.create',
    target: ({ body, response }) => ({ codeId: str(response().id), siteId: str(body.siteId), stationId: str(body.stationId) }),
  },
  'POST /api/v1/admin/enrollment-codes/:id/revoke': { action: 'enrollment-code.revoke', target: ({ params }) => ({ codeId: str(params.id) }) },
  'POST /api/v1/admin/terminals/:id/revoke': { action: 'terminal.revoke', target: ({ params }) => ({ terminalId: str(params.id) }) },
  'PUT /api/v1/admin/lessons': {
    action: 'lessons.publish',
    target: ({ body }) => ({ count: count(body.lessons), lessonIds: [...new Set(list(body.lessons).map((l) => str((l as { lesson?: { id?: unknown } }).lesson?.id)))].filter((s): s is string => !!s).slice(0, 20) }),
  },
  'DELETE /api/v1/admin/lessons/:id/:language': { action: 'lesson.delete', target: ({ params }) => ({ lessonId: str(params.id), language: str(params.language) }) },
  'PUT /api/v1/admin/media/:sha256': { action: 'media.upload', target: ({ params }) => ({ sha256: str(params.sha256) }) },
  // Asks which files the server lacks: changes nothing.
  'POST /api/v1/admin/packs/missing': { action: 'pack.check', readOnly: () => true },
  'PUT /api/v1/admin/packs/:packVersion': { action: 'pack.publish', target: ({ params }) => ({ packVersion: str(params.packVersion) }) },
  'PUT /api/v1/admin/packs/files/media/:name': { action: 'pack-file.upload', target: ({ params }) => ({ file: `media/${str(params.name)}` }) },
  'PUT /api/v1/admin/packs/files/lessons/:name': { action: 'pack-file.upload', target: ({ params }) => ({ file: `lessons/${str(params.name)}` }) },
  'PUT /api/v1/admin/display-names': { action: 'display-names.set', target: ({ body }) => ({ count: count(body.names) }) },
  'PUT /api/v1/admin/staff-pins/:employeeId': { action: 'staff-pin.set', target: ({ params }) => ({ employeeId: str(params.employeeId) }) },
  'DELETE /api/v1/admin/staff-pins/:employeeId': { action: 'staff-pin.delete', target: ({ params }) => ({ employeeId: str(params.employeeId) }) },
  'PUT /api/v1/admin/certifications': { action: 'certification.save', target: ({ body }) => ({ certificationId: str(body.id) }) },
  'DELETE /api/v1/admin/certifications/:id': { action: 'certification.retire', target: ({ params }) => ({ certificationId: str(params.id) }) },
  'POST /api/v1/admin/credentials/issue': {
    action: 'credentials.issue',
    target: ({ body }) => (Array.isArray(body.employeeIds) ? { count: body.employeeIds.length, employeeIds: body.employeeIds.slice(0, 20).map(String) } : { employeeIds: 'all' }),
  },
  'POST /api/v1/admin/credentials/:id/revoke': { action: 'credential.revoke', target: ({ params, body }) => ({ credentialId: str(params.id), reason: str(body.reason) }) },
};

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Buffer.isBuffer(v) ? (v as Record<string, unknown>) : {});

function parseJson(payload: unknown): Record<string, unknown> {
  if (typeof payload !== 'string') return {};
  try {
    return asRecord(JSON.parse(payload));
  } catch {
    return {};
  }
}

/** Target ids without empty fields; a target read from a malformed (refused) body just has fewer. */
function targetsOf(spec: ActionSpec | undefined, call: CallParts): Targets {
  let raw: Targets;
  try {
    raw = spec?.target ? spec.target(call) : Object.fromEntries(Object.entries(call.params).map(([k, v]) => [k, String(v)]));
  } catch {
    raw = {};
  }
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0)));
}

/**
 * The admin scope's onSend hook: writes an 'admin-action' entry for every state-changing call whose
 * caller the guard identified, done or refused, before the answer leaves (so a client that got its
 * answer finds the entry). A call with no valid credential is the secret guard's 'auth-failed' entry.
 */
export function auditAdminAction(app: FastifyInstance) {
  return async (req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    const actor = req.adminActor;
    if (READS.has(req.method) || !actor) return payload;
    const route = req.routeOptions.url ?? req.url.split('?')[0];
    const spec = ADMIN_ACTIONS[`${req.method} ${route}`];
    let parsed: Record<string, unknown> | null = null;
    const call: CallParts = {
      params: asRecord(req.params),
      query: asRecord(req.query),
      body: asRecord(req.body),
      response: () => (parsed ??= parseJson(payload)),
    };
    if (spec?.readOnly?.(call)) return payload;
    try {
      const label = actor.type === 'admin-token' ? (await app.db.query<{ label: string }>('SELECT label FROM admin_tokens WHERE id = $1', [actor.id])).rows[0]?.label : undefined;
      await recordAudit(
        app.db,
        {
          kind: 'admin-action',
          subject: actor.type === 'dashboard-user' ? actor.email : (label ?? actor.id),
          ip: req.ip,
          detail: {
            actor: actor.type === 'dashboard-user' ? actor : { ...actor, label: label ?? null },
            method: req.method,
            route,
            action: spec?.action ?? `${req.method} ${route}`,
            target: targetsOf(spec, call),
            status: reply.statusCode,
          },
        },
        new Date(),
      );
    } catch (err) {
      // The change is made (or refused) either way: a lost entry is logged, not turned into a failed call.
      req.log.error({ err, route }, 'could not write the admin action to the audit log');
    }
    return payload;
  };
}
