import fs from 'node:fs';
import type { Db } from '../../server/db/db';

/**
 * CPU time of processes from /proc (Linux): the benchmark's server processes and the PostgreSQL
 * backends serving them, so a rate can be put next to what it costs in CPU per statement, and set
 * against the cores the machine has. Elsewhere the figures are left out (null).
 */

const TICKS_PER_SECOND = 100;

/** User plus system CPU seconds a process has used so far; null when /proc cannot tell. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The backend processes of every connection to this database under an application name. */
export async function backendPids(db: Db, applicationName: string): Promise<number[]> {
  const r = await db.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [applicationName]);
  return r.rows.map((row) => row.pid);
}

/** CPU seconds of a set of processes, to subtract two snapshots; a process that appears later starts from zero. */
export function cpuSnapshot(pids: readonly number[]): Map<number, number> {
  return new Map(pids.flatMap((pid) => {
    const s = cpuSeconds(pid);
    return s === null ? [] : [[pid, s] as [number, number]];
  }));
}

/** CPU seconds the processes of `after` used since `before`. */
export function cpuUsedSince(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let total = 0;
  for (const [pid, s] of after) total += s - (before.get(pid) ?? 0);
  return total;
}
