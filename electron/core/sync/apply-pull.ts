import type Database from 'better-sqlite3';
import type { Change, PullResponse } from '../../../common/contracts/sync';
import { upsertCredential } from '../credentials/credential-repo';
import { setDisplayName } from '../paths/display-names';
import { replaceOwnerRequirement } from '../paths/requirements-repo';
import { clearStaffPinHash, setStaffPinHash } from '../supervisor/pin-repo';
import { stageLesson, type MediaPresent } from './lesson-media';
import { writeSyncState } from './sync-state';

type Upsert<K extends Change['kind']> = Extract<Change, { kind: K; op: 'upsert' }>['data'];

/** The local worker row for an employee: the existing one (demo or earlier pull) or a new one keyed by employee id. */
function workerIdFor(db: Database.Database, employeeId: string): string {
  return (db.prepare('SELECT id FROM workers WHERE employee_id = ?').pluck().get(employeeId) as string | undefined) ?? employeeId;
}

function ensureSite(db: Database.Database, siteId: string): void {
  db.prepare('INSERT INTO sites (id, name) VALUES (?, ?) ON CONFLICT(id) DO NOTHING').run(siteId, siteId);
}

function upsertWorker(db: Database.Database, w: Upsert<'worker'>): void {
  const id = workerIdFor(db, w.employeeId);
  ensureSite(db, w.siteId);
  db.prepare(
    `INSERT INTO workers (id, employee_id, first_name, display_name, language, site_id, active, supervisor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET first_name = excluded.first_name, display_name = excluded.display_name,
       language = excluded.language, site_id = excluded.site_id, active = excluded.active, supervisor = excluded.supervisor`,
  ).run(id, w.employeeId, w.displayName.trim().split(/\s+/)[0] || w.displayName, w.displayName, w.language, w.siteId, Number(w.active), Number(w.supervisor ?? false));
  db.prepare('DELETE FROM worker_roles WHERE worker_id = ?').run(id);
  db.prepare('DELETE FROM worker_stations WHERE worker_id = ?').run(id);
  const role = db.prepare('INSERT INTO worker_roles (worker_id, role) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const station = db.prepare('INSERT INTO worker_stations (worker_id, station_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
  for (const r of w.roles) role.run(id, r);
  for (const s of w.stations) station.run(id, s);
}

function upsertBadge(db: Database.Database, b: Upsert<'badge'>): void {
  // A badge can come before its worker's latest row (the worker changed after the badge was issued);
  // an inactive placeholder keeps the badge from signing anyone in until the worker row arrives.
  db.prepare(
    `INSERT INTO workers (id, employee_id, first_name, display_name, language, site_id, active) VALUES (?, ?, ?, ?, 'en', NULL, 0)
     ON CONFLICT(id) DO NOTHING`,
  ).run(b.employeeId, b.employeeId, b.employeeId, b.employeeId);
  const workerId = workerIdFor(db, b.employeeId);
  db.prepare('INSERT INTO badges (badge_id, worker_id) VALUES (?, ?) ON CONFLICT(badge_id) DO UPDATE SET worker_id = excluded.worker_id').run(b.badgeId, workerId);
}

function applyChange(db: Database.Database, c: Change, present: MediaPresent, now: Date): void {
  if (c.op === 'delete') {
    const key = c.data.id;
    switch (c.kind) {
      case 'site':
        return; // the terminal's own site: its rows are still referenced by workers and completions
      case 'station':
        db.prepare('DELETE FROM stations WHERE id = ?').run(key);
        return;
      case 'worker': {
        // completions reference the worker, so the row stays, inactive and without badges
        const id = workerIdFor(db, key);
        db.prepare('UPDATE workers SET active = 0 WHERE id = ?').run(id);
        db.prepare('DELETE FROM badges WHERE worker_id = ?').run(id);
        return;
      }
      case 'badge':
        db.prepare('DELETE FROM badges WHERE badge_id = ?').run(key);
        return;
      case 'lesson': {
        const split = key.lastIndexOf(':');
        const [id, language] = [key.slice(0, split), key.slice(split + 1)];
        db.prepare('DELETE FROM lessons WHERE id = ? AND language = ?').run(id, language);
        db.prepare('DELETE FROM pending_lessons WHERE id = ? AND language = ?').run(id, language);
        return;
      }
      case 'assignment':
        db.prepare('DELETE FROM assignments WHERE id = ?').run(key);
        return;
    }
    return;
  }
  switch (c.kind) {
    case 'site':
      db.prepare('INSERT INTO sites (id, name) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name').run(c.data.id, c.data.name);
      return;
    case 'station':
      ensureSite(db, c.data.siteId);
      db.prepare('INSERT INTO stations (id, site_id, name) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET site_id = excluded.site_id, name = excluded.name').run(
        c.data.id,
        c.data.siteId,
        c.data.name,
      );
      return;
    case 'worker':
      return upsertWorker(db, c.data);
    case 'badge':
      return upsertBadge(db, c.data);
    case 'lesson':
      stageLesson(db, c.data.lesson, present);
      return;
    case 'assignment':
      db.prepare('INSERT INTO assignments (id, json) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json').run(c.data.id, JSON.stringify(c.data));
      return;
    case 'role-requirement':
      return replaceOwnerRequirement(db, 'role_requirements', 'role', c.data.role, c.data);
    case 'station-requirement':
      return replaceOwnerRequirement(db, 'station_requirements', 'station_id', c.data.stationId, c.data);
    case 'staff-pin': {
      // Keyed like the worker row, which may arrive later in the same pull (same fallback id).
      const workerId = workerIdFor(db, c.data.employeeId);
      if (c.data.pinHash === null) return clearStaffPinHash(db, workerId);
      return setStaffPinHash(db, workerId, c.data.pinHash, now);
    }
    case 'display-name':
      return setDisplayName(db, c.data);
    case 'credential':
      return upsertCredential(db, c.data);
    default: {
      // a kind added to the contract must get a case here, or its rows would be skipped past the cursor
      const unhandled: never = c;
      throw new Error(`pull change kind ${(unhandled as Change).kind} has no handler on this kiosk`);
    }
  }
}

/**
 * One pulled page and the cursor after it, in one transaction: a crash leaves either the whole page
 * applied with its cursor or nothing, so the next pull starts from a consistent point.
 */
export function applyPullPage(db: Database.Database, page: PullResponse, present: MediaPresent, now: Date = new Date()): void {
  db.transaction(() => {
    for (const c of page.changes) applyChange(db, c, present, now);
    writeSyncState(db, 'pull_cursor', String(page.nextCursor));
  }).immediate();
}
