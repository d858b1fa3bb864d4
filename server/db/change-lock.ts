import type { Queryable } from './types';

/**
 * Pull ordering needs no call: every write to a pulled table takes the change lock in the database
 * (migration 007). A writer that reads, plans, then writes (roster import, pack publish) takes it
 * before the read instead, so two such writers never plan from the same state.
 */
export async function planUnderChangeLock(tx: Queryable): Promise<void> {
  await tx.query('SELECT take_change_lock()');
}
