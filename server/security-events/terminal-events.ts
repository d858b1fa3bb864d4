import type { SecurityEventRow, TerminalSecurityEvent } from '../../common/contracts/security-events';
import type { Queryable } from '../db/db';

interface Reporter {
  terminalId: string;
  siteId: string;
  stationId: string;
}

/** Stores a terminal's events under the site and station it is enrolled at; an id seen before is skipped. Returns how many were new. */
export async function saveTerminalEvents(db: Queryable, from: Reporter, events: TerminalSecurityEvent[]): Promise<number> {
  let stored = 0;
  for (const e of events) {
    const r = await db.query(
      `INSERT INTO terminal_security_events (id, terminal_id, site_id, station_id, kind, detail, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [e.id, from.terminalId, from.siteId, from.stationId, e.kind, e.detail, e.occurredAt],
    );
    stored += r.rowCount;
  }
  return stored;
}

/** The newest events of these sites first. */
export async function listSecurityEvents(db: Queryable, siteIds: string[], limit: number): Promise<SecurityEventRow[]> {
  const r = await db.query<{ id: string; kind: SecurityEventRow['kind']; detail: string; occurred_at: Date; received_at: Date; terminal_id: string; terminal_name: string; site_id: string; station_id: string }>(
    `SELECT e.id, e.kind, e.detail, e.occurred_at, e.received_at, e.terminal_id, t.name AS terminal_name, e.site_id, e.station_id
       FROM terminal_security_events e JOIN terminals t ON t.id = e.terminal_id
      WHERE e.site_id = ANY($1) ORDER BY e.occurred_at DESC, e.id LIMIT $2`,
    [siteIds, limit],
  );
  return r.rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    detail: row.detail,
    occurredAt: row.occurred_at.toISOString(),
    receivedAt: row.received_at.toISOString(),
    terminalId: row.terminal_id,
    terminalName: row.terminal_name,
    siteId: row.site_id,
    stationId: row.station_id,
  }));
}
