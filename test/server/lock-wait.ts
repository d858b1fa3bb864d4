import type { Db } from '../../server/db/db';

/** A gate the test opens: `reached` resolves when the code under test arrives at it (`pass`), which then waits for `open`. */
export function gate<T>() {
  let arrive!: (v: T) => void;
  let open!: () => void;
  const reached = new Promise<T>((r) => (arrive = r));
  const opened = new Promise<void>((r) => (open = r));
  return { reached, open, pass: async (v: T) => (arrive(v), opened) };
}

/** Resolves with the query of the session blocked on a lock held by backend `pid`; throws when `done` settles first. */
export async function blockedBy(db: Db, pid: number, done: Promise<unknown>): Promise<string> {
  let settled = false;
  void done.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (;;) {
    if (settled) throw new Error(`finished without waiting for backend ${pid}`);
    const r = await db.query<{ query: string }>(`SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND $1::int = ANY(pg_blocking_pids(pid))`, [pid]);
    if (r.rows.length > 0) return r.rows[0].query;
  }
}
