import type { Change, PullResponse } from '../../common/contracts/sync';
import type { Queryable } from '../db/db';

/**
 * One query over every table a terminal pulls: each branch takes the site's rows changed after the
 * cursor (lessons: global ones too; role requirements are global), each already limited, then the union is cut to one page.
 * `key` is what a delete carries; `data` is the upsert payload in the sync contract's shape.
 */
const PULL_SQL = `
SELECT seq, kind, deleted, key, data FROM (
  (SELECT change_seq AS seq, 'site' AS kind, deleted, id AS key,
          jsonb_build_object('id', id, 'name', name) AS data
     FROM sites WHERE id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3)
  UNION ALL
  (SELECT change_seq, 'station', deleted, id,
          jsonb_build_object('id', id, 'siteId', site_id, 'name', name)
     FROM stations WHERE site_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3)
  UNION ALL
  (SELECT change_seq, 'worker', deleted, employee_id,
          jsonb_build_object('employeeId', employee_id, 'displayName', display_name, 'language', language, 'siteId', site_id,
                             'roles', to_jsonb(roles), 'stations', to_jsonb(stations), 'active', active, 'supervisor', supervisor)
     FROM workers WHERE site_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3)
  UNION ALL
  (SELECT change_seq, 'worker', true, employee_id, NULL::jsonb
     FROM worker_departures WHERE site_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3)
  UNION ALL
  (SELECT change_seq, 'badge', deleted, badge_id,
          jsonb_build_object('badgeId', badge_id, 'employeeId', employee_id)
     FROM badges WHERE site_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3)
  UNION ALL
  (SELECT change_seq, 'lesson', deleted, id || ':' || language,
          jsonb_build_object('siteId', site_id, 'lesson', json)
     FROM lessons WHERE (site_id IS NULL OR site_id = $1) AND change_seq > $2 ORDER BY change_seq LIMIT $3)
  UNION ALL
  (SELECT change_seq, 'assignment', deleted, id,
          jsonb_build_object('id', id, 'siteId', site_id, 'lessonId', lesson_id, 'stationId', station_id, 'role', role,
                             'employeeId', employee_id,
                             'dueAt', to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
     FROM assignments WHERE site_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3)
  UNION ALL
  (SELECT change_seq, 'role-requirement', false, role,
          jsonb_build_object('role', role, 'lessons', to_jsonb(lessons), 'skills', to_jsonb(skills),
                             'recertDays', recert_days, 'effectiveFrom', to_char(effective_from, 'YYYY-MM-DD'))
     FROM role_requirements WHERE change_seq > $2 ORDER BY change_seq LIMIT $3)
  UNION ALL
  (SELECT change_seq, 'station-requirement', false, station_id,
          jsonb_build_object('siteId', site_id, 'stationId', station_id, 'lessons', to_jsonb(lessons), 'skills', to_jsonb(skills),
                             'recertDays', recert_days, 'effectiveFrom', to_char(effective_from, 'YYYY-MM-DD'))
     FROM station_requirements WHERE site_id = $1 AND change_seq > $2 ORDER BY change_seq LIMIT $3)
  UNION ALL
  (SELECT p.change_seq, 'staff-pin', false, p.employee_id,
          jsonb_build_object('employeeId', p.employee_id, 'pinHash', p.pin_hash)
     FROM staff_pins p JOIN workers w ON w.employee_id = p.employee_id
    WHERE w.site_id = $1 AND p.change_seq > $2 ORDER BY p.change_seq LIMIT $3)
  UNION ALL
  (SELECT change_seq, 'display-name', false, kind || ':' || id || ':' || language,
          jsonb_build_object('kind', kind, 'id', id, 'language', language, 'name', name)
     FROM display_names WHERE site_id IN ('', $1) AND change_seq > $2 ORDER BY change_seq LIMIT $3)
  UNION ALL
  (SELECT c.change_seq, 'credential', false, c.id::text,
          jsonb_build_object('id', c.id, 'employeeId', c.employee_id, 'certificationId', c.certification_id, 'name', cert.name,
                             'validFrom', to_char(c.valid_from AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                             'validUntil', to_char(c.valid_until AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                             'revoked', c.revoked_at IS NOT NULL, 'lessons', c.lessons)
     FROM credentials c JOIN workers w ON w.employee_id = c.employee_id JOIN certifications cert ON cert.id = c.certification_id
    WHERE w.site_id = $1 AND c.change_seq > $2 ORDER BY c.change_seq LIMIT $3)
) page
ORDER BY seq
LIMIT $3`;

interface Row {
  seq: number;
  kind: Change['kind'];
  deleted: boolean;
  key: string;
  data: Record<string, unknown>;
}

export async function pullChanges(db: Queryable, siteId: string, cursor: number, limit: number): Promise<PullResponse> {
  const r = await db.query<Row>(PULL_SQL, [siteId, cursor, limit + 1]);
  const hasMore = r.rows.length > limit;
  const rows = r.rows.slice(0, limit);
  const changes = rows.map(
    (row): Change =>
      row.deleted
        ? ({ seq: Number(row.seq), kind: row.kind, op: 'delete', data: { id: row.key } } as Change)
        : ({ seq: Number(row.seq), kind: row.kind, op: 'upsert', data: row.data } as Change),
  );
  return { changes, nextCursor: rows.length > 0 ? Number(rows[rows.length - 1].seq) : cursor, hasMore };
}
