import type Database from 'better-sqlite3';
import { credentialState } from '../../../common/credentials/credential-state';
import type { MyTraining } from '../../../common/contracts/kiosk-api';
import { readSyncState } from '../sync/sync-state';
import { credentialsOf } from './credential-repo';

const RECENT = 10;

/**
 * The signed-in worker's own record, from the terminal's data only (works offline): their
 * certifications with where each stands and the URL of its public verify page, and their latest
 * completions on this terminal. The caller passes the session's worker: there is no way to ask
 * for anyone else's.
 */
export function myTraining(db: Database.Database, worker: { id: string; employeeId: string; language: string }, now: Date, configuredServerUrl: string | null): MyTraining {
  const server = (readSyncState(db, 'public_url') ?? configuredServerUrl)?.replace(/\/+$/, '') ?? null;
  const certifications = credentialsOf(db, worker.employeeId).map((c) => ({
    id: c.id,
    name: c.name,
    state: credentialState(c, now),
    validFrom: c.validFrom,
    validUntil: c.validUntil,
    verifyUrl: server === null ? null : `${server}/verify/${c.id}`,
  }));
  const recent = (
    db
      .prepare(
        `SELECT c.lesson_id, c.completed_at, c.passed, c.score,
                (SELECT l.title FROM lessons l WHERE l.id = c.lesson_id ORDER BY l.language = ? DESC, l.language = c.language DESC LIMIT 1) AS title
           FROM completions c WHERE c.worker_id = ? ORDER BY c.completed_at DESC LIMIT ?`,
      )
      .all(worker.language, worker.id, RECENT) as Array<{ lesson_id: string; completed_at: string; passed: number | null; score: number | null; title: string | null }>
  ).map((r) => ({ lessonId: r.lesson_id, title: r.title ?? r.lesson_id, completedAt: r.completed_at, passed: r.passed === null ? null : r.passed === 1, score: r.score }));
  return { certifications, recent };
}
