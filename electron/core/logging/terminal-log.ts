import path from 'node:path';
import pino from 'pino';

/**
 * The terminal's JSON log for site IT: every event-table row plus lifecycle lines, rotated daily and
 * at 10 MB into <dataDir>/logs/ (pino-roll), 14 old files kept. Secrets never reach it: structured
 * fields with secret names are censored, and badge ids are only ever written through maskBadge (common/privacy/mask-badge.ts).
 */

export interface TerminalLog {
  /** One events-table row, mirrored. */
  event(kind: string, detail: string): void;
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Where the log is written, or null when it fell back to stderr. */
  readonly file: string | null;
  close(): Promise<void>;
}

/** Field names whose values are secret wherever they appear in a log line. */
export const REDACTED_FIELDS = ['pin', 'pinHash', 'credential', 'password', 'token', 'enrollmentCode', 'authorization', 'cookie'];
const redactPaths = [...REDACTED_FIELDS, ...REDACTED_FIELDS.map((f) => `*.${f}`)];

interface RollStream extends pino.DestinationStream {
  flush(cb?: (err?: Error | null) => void): void;
  end(): void;
  once(event: 'close' | 'finish', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

// pino-roll ships no type declarations; this is the part of its API used here.
type PinoRoll = (options: {
  file: string;
  frequency?: 'daily' | 'hourly' | number;
  size?: string;
  extension?: string;
  mkdir?: boolean;
  limit?: { count: number };
}) => Promise<RollStream>;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- pino-roll ships no types: an import would be an implicit any, this binds the PinoRoll type above
const pinoRoll: PinoRoll = require('pino-roll');

export const LOG_DIR_NAME = 'logs';

function wrap(logger: pino.Logger, file: () => string | null, close: () => Promise<void>): TerminalLog {
  return {
    event: (kind, detail) => logger.info({ event: kind, detail }, kind),
    info: (message, fields) => logger.info(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
    get file() {
      return file();
    },
    close,
  };
}

/**
 * Opens the rotating log. A log that cannot be opened (a read-only disk, say) must not stop the
 * kiosk: it falls back to stderr and says why there.
 */
export async function openTerminalLog(dataDir: string, options: { level?: pino.Level } = {}): Promise<TerminalLog> {
  const base = { level: options.level ?? 'info', base: { app: 'shiftlearn-kiosk' }, redact: { paths: redactPaths, censor: '[redacted]' } };
  const file = path.join(dataDir, LOG_DIR_NAME, 'kiosk');
  try {
    const stream = await pinoRoll({ file, frequency: 'daily', size: '10m', extension: '.log', mkdir: true, limit: { count: 14 } });
    // The file can fail later too (disk full, read-only remount, a roll that cannot open the next
    // file): from then on the log goes to stderr instead of an unhandled 'error' ending the kiosk.
    let failed: Error | null = null;
    const stderr = pino.destination(2);
    const target: pino.DestinationStream = { write: (line: string) => (failed ? stderr.write(line) : stream.write(line)) };
    const logger = pino(base, target);
    stream.on('error', (err) => {
      if (failed) return;
      failed = err;
      logger.error({ dir: path.dirname(file), reason: err.message }, 'terminal log file cannot be written; logging to stderr. Fix: free space or let the kiosk user write to the data directory');
    });
    return wrap(logger, () => (failed ? null : path.dirname(file)), () => new Promise<void>((resolve) => {
      if (failed) return resolve();
      stream.flush(() => {
        stream.once('close', () => resolve());
        stream.end();
      });
    }));
  } catch (err) {
    const logger = pino(base, pino.destination(2));
    logger.error({ dir: path.dirname(file), reason: (err as Error).message }, 'terminal log file cannot be opened; logging to stderr. Fix: let the kiosk user write to the data directory');
    return wrap(logger, () => null, async () => undefined);
  }
}
