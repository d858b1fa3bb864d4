import { createHash } from 'node:crypto';
import { lesson as lessonSchema, type Lesson } from '../../common/contracts/lesson';
import { packMediaEntry, packVersionOf, type PackManifest } from '../../common/contracts/content-pack';
import { lessonMediaHashes } from '../../common/contracts/lesson';
import { planUnderChangeLock } from '../db/change-lock';
import type { Db, Queryable } from '../db/db';
import { HttpError } from '../errors';
import { storeMedia } from '../content/media-store';
import { applyRequiredFor, requiredForOf, type AppliedRequirements, type RequiredFor } from '../roster/lesson-requirements';

/**
 * Content packs on the server: files are received one by one, each verified against the SHA-256 in
 * its name, and kept by hash; a pack is published once every file it lists is here and consistent,
 * and then its lessons become global lessons that terminals pull. Paths are named as inside the pack
 * (`media/<sha256>`, `lessons/<sha256>.json`) so an error points at the file a trainer can find.
 */

export type PackFileKind = 'media' | 'lessons';

export function packFilePath(kind: PackFileKind, sha256: string): string {
  return kind === 'media' ? `media/${sha256}` : `lessons/${sha256}.json`;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function isPackPublished(db: Queryable, packVersion: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM packs WHERE pack_version = $1', [packVersion])).rowCount === 1;
}

/** The pack files (by pack path) this server does not hold yet. */
export async function missingPackFiles(db: Queryable, manifest: PackManifest): Promise<string[]> {
  const mediaHashes = manifest.media.map((m) => m.sha256);
  const lessonHashes = manifest.lessons.map((l) => l.sha256);
  const haveMedia = await hashesPresent(db, 'media', mediaHashes);
  const haveLessons = await hashesPresent(db, 'pack_lesson_files', lessonHashes);
  return [
    ...lessonHashes.filter((h) => !haveLessons.has(h)).map((h) => packFilePath('lessons', h)),
    ...mediaHashes.filter((h) => !haveMedia.has(h)).map((h) => packFilePath('media', h)),
  ];
}

async function hashesPresent(db: Queryable, table: 'media' | 'pack_lesson_files', hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const r = await db.query<{ sha256: string }>(`SELECT sha256 FROM ${table} WHERE sha256 = ANY($1::text[])`, [hashes]);
  return new Set(r.rows.map((row) => row.sha256));
}

/** Stores one received pack file after checking its bytes hash to the name it was sent under. */
export async function storePackFile(db: Queryable, kind: PackFileKind, hash: string, bytes: Buffer, contentType: string): Promise<void> {
  const file = packFilePath(kind, hash);
  const actual = sha256(bytes);
  if (actual !== hash) {
    throw new HttpError(400, 'hash-mismatch', `${file}: the received bytes hash to ${actual}, not ${hash}; the file was damaged in transit or changed after the build. Fix: rebuild the pack and publish again`, { file });
  }
  if (kind === 'lessons') {
    const parsed = lessonSchema.safeParse(parseJson(bytes));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HttpError(400, 'invalid-lesson', `${file} is not a valid lesson (${issue.path.join('.') || '(file)'}: ${issue.message}). Fix: rebuild the pack with npm run content -- build`, { file });
    }
    await db.query('INSERT INTO pack_lesson_files (sha256, bytes) VALUES ($1, $2) ON CONFLICT (sha256) DO NOTHING', [hash, bytes]);
    return;
  }
  const mimeType = packMediaEntry.shape.mimeType.safeParse(contentType.split(';')[0].trim());
  if (!mimeType.success) {
    throw new HttpError(400, 'unsupported-media-type', `${file}: Content-Type "${contentType}" is not a lesson media type. Fix: send it as one of ${packMediaEntry.shape.mimeType.options.join(', ')}`, { file });
  }
  await storeMedia(db, hash, mimeType.data, bytes, file);
}

export interface PublishResult {
  packVersion: string;
  /** False when this exact pack was published before. */
  created: boolean;
  lessons: number;
  /** Lessons whose stored version changed: what terminals will pull at their next sync. */
  changed: number;
  /** Front matter `required_for` of the changed lessons, applied to the requirements. */
  requirements: AppliedRequirements;
}

/**
 * Publishes a manifest whose files are all on the server. Everything is checked before anything is
 * written, and written in one transaction: terminals see all of the pack's lessons or none.
 */
export async function publishPack(db: Db, manifest: PackManifest): Promise<PublishResult> {
  if (packVersionOf(manifest) !== manifest.packVersion) {
    throw new HttpError(400, 'pack-version-mismatch', 'manifest.json: packVersion does not match its contents. Fix: rebuild the pack instead of editing manifest.json');
  }
  const missing = await missingPackFiles(db, manifest);
  if (missing.length > 0) {
    throw new HttpError(409, 'files-missing', `the server does not have ${missing.length} file(s) of this pack: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}. Fix: upload them first (npm run content -- publish does)`, { files: missing });
  }
  const lessons = await loadLessons(db, manifest);
  await checkMedia(db, manifest);

  return db.transaction(async (tx) => {
    await planUnderChangeLock(tx);
    await refuseDowngrades(tx, lessons);
    const before = await storedRequiredFor(tx, lessons);
    const changedIds = new Set<string>();
    let changed = 0;
    for (const l of lessons) {
      const r = await tx.query(
        `INSERT INTO lessons (id, language, version, site_id, json) VALUES ($1, $2, $3, NULL, $4::jsonb)
         ON CONFLICT (id, language) DO UPDATE SET version = EXCLUDED.version, site_id = NULL, json = EXCLUDED.json, deleted = false
         WHERE (lessons.version, lessons.site_id, lessons.json, lessons.deleted) IS DISTINCT FROM (EXCLUDED.version, NULL, EXCLUDED.json, false)`,
        [l.id, l.language, l.version, JSON.stringify(l)],
      );
      changed += r.rowCount;
      if (r.rowCount > 0) changedIds.add(l.id);
    }
    const requirements = await applyRequiredFor(
      tx,
      [...changedIds].sort().map((id) => ({ lessonId: id, before: before.get(id), after: requiredForOf(lessons.filter((l) => l.id === id)) })),
    );
    const pack = await tx.query('INSERT INTO packs (pack_version, manifest) VALUES ($1, $2::jsonb) ON CONFLICT (pack_version) DO NOTHING', [
      manifest.packVersion,
      JSON.stringify(manifest),
    ]);
    return { packVersion: manifest.packVersion, created: pack.rowCount === 1, lessons: lessons.length, changed, requirements };
  });
}

/** What the published versions of these lessons required, before this publish replaces them. */
async function storedRequiredFor(tx: Queryable, lessons: Lesson[]): Promise<Map<string, RequiredFor | undefined>> {
  const r = await tx.query<{ id: string; json: Lesson }>('SELECT id, json FROM lessons WHERE id = ANY($1::text[]) AND NOT deleted', [[...new Set(lessons.map((l) => l.id))]]);
  const byId = new Map<string, Lesson[]>();
  for (const row of r.rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row.json]);
  return new Map([...byId].map(([id, versions]) => [id, requiredForOf(versions)]));
}

async function loadLessons(db: Queryable, manifest: PackManifest): Promise<Lesson[]> {
  const r = await db.query<{ sha256: string; bytes: Uint8Array }>('SELECT sha256, bytes FROM pack_lesson_files WHERE sha256 = ANY($1::text[])', [
    manifest.lessons.map((l) => l.sha256),
  ]);
  const byHash = new Map(r.rows.map((row) => [row.sha256, Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength)]));
  const listed = new Set(manifest.media.map((m) => m.sha256));
  const problems: string[] = [];
  const lessons: Lesson[] = [];
  for (const entry of manifest.lessons) {
    const file = packFilePath('lessons', entry.sha256);
    const l = lessonSchema.parse(parseJson(byHash.get(entry.sha256)!));
    if (l.id !== entry.id || l.language !== entry.language || l.version !== entry.version || l.title !== entry.title) {
      problems.push(`${file} is ${l.id}/${l.language} v${l.version}, the manifest says ${entry.id}/${entry.language} v${entry.version}`);
    }
    const unlisted = lessonMediaHashes(l).filter((h) => !listed.has(h));
    if (unlisted.length > 0) problems.push(`${file} uses media ${unlisted.join(', ')}, which the manifest does not list`);
    lessons.push(l);
  }
  if (problems.length > 0) throw new HttpError(400, 'pack-inconsistent', `${problems.join('; ')}. Fix: rebuild the pack instead of editing it`);
  return lessons;
}

async function checkMedia(db: Queryable, manifest: PackManifest): Promise<void> {
  if (manifest.media.length === 0) return;
  const r = await db.query<{ sha256: string; size: number }>('SELECT sha256, size FROM media WHERE sha256 = ANY($1::text[])', [manifest.media.map((m) => m.sha256)]);
  const sizes = new Map(r.rows.map((row) => [row.sha256, Number(row.size)]));
  const wrong = manifest.media.filter((m) => sizes.get(m.sha256) !== m.size);
  if (wrong.length > 0) {
    throw new HttpError(400, 'pack-inconsistent', `manifest.json gives the wrong size for ${wrong.map((m) => packFilePath('media', m.sha256)).join(', ')}. Fix: rebuild the pack instead of editing it`);
  }
}

/**
 * A terminal keeps the highest version it has seen, so an older or silently changed version would
 * leave terminals disagreeing about what a lesson says.
 */
async function refuseDowngrades(tx: Queryable, lessons: Lesson[]): Promise<void> {
  const problems: string[] = [];
  for (const l of lessons) {
    const r = await tx.query<{ version: number; same: boolean }>(
      'SELECT version, json = $3::jsonb AS same FROM lessons WHERE id = $1 AND language = $2 AND NOT deleted',
      [l.id, l.language, JSON.stringify(l)],
    );
    const current = r.rows[0];
    if (!current) continue;
    if (current.version > l.version) problems.push(`${l.id} (${l.language}) is at version ${current.version} on the server, the pack has version ${l.version}`);
    else if (current.version === l.version && !current.same) problems.push(`${l.id} (${l.language}) version ${l.version} on the server has different content`);
  }
  if (problems.length > 0) {
    throw new HttpError(409, 'lesson-version-conflict', `${problems.join('; ')}. Fix: raise \`version\` in the lesson's front matter whenever you change it, then build and publish again`, { lessons: problems });
  }
}

/** JSON that fails to parse becomes undefined, which the lesson schema then reports. */
function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
