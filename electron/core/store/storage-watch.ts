import type Database from 'better-sqlite3';
import type { StorageFault } from '../../../common/contracts/kiosk-api';
import { isStorageFault, storageFaultMessage } from './storage-fault';

export interface StorageWatchOptions {
  db: Database.Database;
  dataDir: string;
  now: () => Date;
  /** How often a faulted store is tried again. */
  probeIntervalMs?: number;
  onChange: (fault: StorageFault | null) => void;
}

/** Bigger than a page, so the probe needs new pages exactly like a completion would (SQLite pages are 4 KB). */
const PROBE_VALUE = 'x'.repeat(16 * 1024);

/** A real write that needs free space, undone at once: proves the store takes writes again. */
function writeProbe(db: Database.Database): void {
  db.prepare("INSERT OR REPLACE INTO sync_state (key, value) VALUES ('storage_probe', ?)").run(PROBE_VALUE);
  db.prepare("DELETE FROM sync_state WHERE key = 'storage_probe'").run();
}

function faultOf(err: unknown): unknown {
  if (isStorageFault(err)) return err;
  const cause = (err as { cause?: unknown } | null)?.cause;
  return isStorageFault(cause) ? cause : null;
}

/**
 * The data directory as a state: the first write refused for lack of space or permission turns it
 * into a StorageFault (the kiosk shows "Storage is full - tell site IT" and keeps running), and a
 * probe write every few seconds turns it back once space or write access returns. Never writes
 * anything else and never throws, so it is safe to call from any error path.
 */
export class StorageWatch {
  private fault: StorageFault | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  constructor(private readonly o: StorageWatchOptions) {}

  current(): StorageFault | null {
    return this.fault;
  }

  /** A write failed: returns whether for lack of storage (then the state is set and probing runs). */
  noteFailure(err: unknown): boolean {
    const cause = faultOf(err);
    if (!cause) return false;
    if (this.fault || this.disposed) return true;
    const code = String((cause as { code?: unknown }).code);
    this.fault = {
      kind: /FULL|ENOSPC|EDQUOT/.test(code) ? 'full' : 'read-only',
      dataDir: this.o.dataDir,
      detail: storageFaultMessage(this.o.dataDir, cause),
      since: this.o.now().toISOString(),
    };
    this.o.onChange(this.fault);
    this.scheduleProbe();
    return true;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private scheduleProbe(): void {
    this.timer = setTimeout(() => this.probe(), this.o.probeIntervalMs ?? 5_000);
    this.timer.unref?.();
  }

  private probe(): void {
    this.timer = null;
    if (this.disposed || !this.o.db.open) return;
    try {
      writeProbe(this.o.db);
    } catch {
      this.scheduleProbe();
      return;
    }
    this.fault = null;
    this.o.onChange(null);
  }
}
