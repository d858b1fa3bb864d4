import { VOIDED_VERB } from '../../common/xapi/statement';
import type { Db } from '../db/db';
import { HttpError } from '../errors';
import type { Principal } from '../plugins/auth';
import { copyElseInsert } from './copy-statements';
import { applySpeakers, lookupSpeakers, type Speakers } from './speakers';
import { claimsOf, prepareStatement, refuseChangedIds, statementWriter, summariseInserted, type PreparedStatement, type StoreResult, type WriteContext } from './store';

/**
 * Statements per INSERT when a batch is stored in chunks. One client waits for each batch, so a
 * batch validated whole and then INSERTed whole keeps one core idle at a time (JavaScript, then
 * PostgreSQL); in chunks, chunk k+1 is validated and hashed while chunk k is stored.
 */
export const INGEST_CHUNK = 100;

/**
 * Whether a batch may be stored chunk by chunk (ingestInChunks) with the very outcome of the
 * whole-batch path: no attachments (they are matched and verified across the batch), no voiding
 * statement (its target is looked up in the statements table, which earlier chunks would already
 * have changed) and no id twice (dedupe keeps the last of equal copies, known only at the end).
 * Checked on the raw JSON: what fails validation is refused the same way on either path.
 */
export function chunkable(raw: readonly unknown[], attachmentParts: number): boolean {
  if (attachmentParts > 0) return false;
  const ids = new Set<string>();
  for (const s of raw) {
    if (s === null || typeof s !== 'object') continue;
    const statement = s as { id?: unknown; verb?: { id?: unknown } | null; attachments?: unknown };
    if (statement.attachments !== undefined || statement.verb?.id === VOIDED_VERB) return false;
    if (typeof statement.id !== 'string') continue;
    const id = statement.id.toLowerCase();
    if (ids.has(id)) return false;
    ids.add(id);
  }
  return true;
}

/**
 * Validates, authorizes and stores a chunkable batch in one transaction, all or nothing as the
 * whole-batch path: chunk k+1 is prepared while chunk k is stored, so the JavaScript and the
 * database work at once. Refusals keep the whole-batch order: an invalid statement anywhere (400)
 * wins over a writer's refusal (403) in an earlier chunk, which wins over 404/409 on stored ids.
 */
export async function ingestInChunks(
  db: Db,
  raw: readonly unknown[],
  paths: readonly string[],
  principal: Principal,
  ctx: WriteContext,
  chunkSize = INGEST_CHUNK,
): Promise<StoreResult & { prepared: PreparedStatement[] }> {
  return copyElseInsert((copy) => ingestOnce(db, raw, paths, principal, ctx, chunkSize, copy));
}

/** ingestInChunks, storing chunks with COPY where allowed (statementWriter). */
async function ingestOnce(
  db: Db,
  raw: readonly unknown[],
  paths: readonly string[],
  principal: Principal,
  ctx: WriteContext,
  chunkSize: number,
  copy: boolean,
): Promise<StoreResult & { prepared: PreparedStatement[] }> {
  return db.transaction(async (tx) => {
    const store = statementWriter(tx, copy, ctx.stored);
    const prepared: PreparedStatement[] = [];
    const inserted: { id: string }[] = [];
    let refused: HttpError | null = null;
    // The roster and lessons the whole batch names, read from its JSON: looked up while the first chunk is validated.
    let speakers: Speakers | null = null;
    let pending: Promise<unknown> = inFlight(lookupSpeakers(tx, raw.map((s) => claimsOf(s, ctx.publicUrl)), principal).then((found) => (speakers = found)));
    try {
      for (let start = 0; start < raw.length; start += chunkSize) {
        const chunk = await prepareChunk(raw, paths, start, Math.min(raw.length, start + chunkSize), principal, ctx);
        if (refused) {
          // Only to find an invalid statement further on: nothing more is stored.
          prepared.push(...chunk);
          continue;
        }
        // One query at a time on the transaction's connection.
        await pending;
        let authorized: PreparedStatement[];
        try {
          authorized = applySpeakers(chunk, principal, speakers!);
        } catch (err) {
          if (!(err instanceof HttpError)) throw err;
          refused = err;
          prepared.push(...chunk);
          continue;
        }
        prepared.push(...authorized);
        pending = inFlight(store(authorized).then((rows) => inserted.push(...rows)));
      }
      await pending;
    } catch (err) {
      // The query in flight settles before the transaction rolls back on this connection.
      await pending.catch(() => undefined);
      throw err;
    }
    if (refused) throw refused;
    const voided = await summariseInserted(db, tx, prepared, inserted, ctx.now);
    await refuseChangedIds(tx, prepared, new Set(inserted.map((row) => row.id)), principal.kind === 'terminal' ? principal.siteId : null);
    return { prepared, inserted: inserted.length, voided };
  });
}

/**
 * A query left running while the next chunk is validated: its failure is taken up by the `await`
 * that follows, but the event loop turns before that (prepareChunk), and a rejection with no handler
 * by then would end the process (unhandledRejection), so it gets one now.
 */
function inFlight<T>(query: Promise<T>): Promise<T> {
  query.catch(() => undefined);
  return query;
}

/**
 * Statements validated between two turns of the event loop: the INSERT sent before goes out whole
 * (a socket write larger than its buffer finishes on a later turn) and its answer is read meanwhile.
 */
const PREPARE_SLICE = 20;

async function prepareChunk(raw: readonly unknown[], paths: readonly string[], start: number, end: number, principal: Principal, ctx: WriteContext): Promise<PreparedStatement[]> {
  const out: PreparedStatement[] = [];
  for (let i = start; i < end; i++) {
    if (i > start && (i - start) % PREPARE_SLICE === 0) await new Promise(setImmediate);
    out.push(prepareStatement(raw[i], paths[i], principal, ctx));
  }
  return out;
}
