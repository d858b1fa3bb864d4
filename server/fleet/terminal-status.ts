import type { FleetTerminal } from '../../common/contracts/fleet';
import type { TerminalStatusReport } from '../../common/contracts/sync';
import type { Db } from '../db/db';

/**
 * Silence after which a terminal shows as stale: terminals sync every minute by default
 * (kiosk config server.syncIntervalSeconds) and probe the server within seconds after an outage,
 * so a quarter of an hour without a request means it is off, cut off from the network, or stuck.
 */
export const STALE_AFTER_SECONDS = 15 * 60;

/** Keeps the terminal's latest report, stamped with the database's clock (the one last_seen_at uses). */
export async function saveTerminalStatus(db: Db, terminalId: string, r: TerminalStatusReport): Promise<void> {
  await db.query(
    `INSERT INTO terminal_status (terminal_id, received_at, app_version, site_id, station_id, last_sync_at, queued, quarantined, reader_mode, reader_state, data_dir_free_bytes)
     VALUES ($1, now(), $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (terminal_id) DO UPDATE SET
       received_at = EXCLUDED.received_at, app_version = EXCLUDED.app_version, site_id = EXCLUDED.site_id, station_id = EXCLUDED.station_id,
       last_sync_at = EXCLUDED.last_sync_at, queued = EXCLUDED.queued, quarantined = EXCLUDED.quarantined,
       reader_mode = EXCLUDED.reader_mode, reader_state = EXCLUDED.reader_state, data_dir_free_bytes = EXCLUDED.data_dir_free_bytes`,
    [terminalId, r.appVersion, r.siteId, r.stationId, r.lastSyncAt, r.queued, r.quarantined, r.reader.mode, r.reader.state, r.dataDirFreeBytes],
  );
}

interface FleetRow {
  id: string;
  site_id: string;
  station_id: string;
  name: string;
  enrolled_at: Date;
  revoked_at: Date | null;
  last_seen_at: Date | null;
  stale: boolean;
  received_at: Date | null;
  app_version: string | null;
  reported_site_id: string | null;
  reported_station_id: string | null;
  last_sync_at: Date | null;
  queued: number | null;
  quarantined: number | null;
  reader_mode: 'wedge' | 'hid' | null;
  reader_state: string | null;
  data_dir_free_bytes: string | number | null;
}

/** Every enrolled terminal with its last contact and latest report; stale is judged on the database's clock. */
export async function listFleet(db: Db, staleAfterSeconds = STALE_AFTER_SECONDS): Promise<FleetTerminal[]> {
  const r = await db.query<FleetRow>(
    `SELECT t.id, t.site_id, t.station_id, t.name, t.enrolled_at, t.revoked_at, t.last_seen_at,
            (t.revoked_at IS NULL AND (t.last_seen_at IS NULL OR t.last_seen_at < now() - make_interval(secs => $1))) AS stale,
            s.received_at, s.app_version, s.site_id AS reported_site_id, s.station_id AS reported_station_id, s.last_sync_at,
            s.queued, s.quarantined, s.reader_mode, s.reader_state, s.data_dir_free_bytes
       FROM terminals t LEFT JOIN terminal_status s ON s.terminal_id = t.id
      ORDER BY t.site_id, t.station_id, t.enrolled_at`,
    [staleAfterSeconds],
  );
  return r.rows.map((t) => ({
    id: t.id,
    siteId: t.site_id,
    stationId: t.station_id,
    name: t.name,
    enrolledAt: t.enrolled_at.toISOString(),
    revokedAt: t.revoked_at?.toISOString() ?? null,
    lastSeenAt: t.last_seen_at?.toISOString() ?? null,
    stale: t.stale,
    status:
      t.received_at === null
        ? null
        : {
            receivedAt: t.received_at.toISOString(),
            appVersion: t.app_version!,
            siteId: t.reported_site_id!,
            stationId: t.reported_station_id!,
            lastSyncAt: t.last_sync_at?.toISOString() ?? null,
            queued: t.queued!,
            quarantined: t.quarantined!,
            reader: { mode: t.reader_mode!, state: t.reader_state! },
            // bigint comes back as a string from node-postgres
            dataDirFreeBytes: t.data_dir_free_bytes === null ? null : Number(t.data_dir_free_bytes),
          },
  }));
}
