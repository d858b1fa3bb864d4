import { z } from 'zod';
import { lesson, lessonMediaHashes } from '../../common/contracts/lesson';
import { slugId } from '../../common/contracts/sync';
import { requireSite } from '../admin';
import type { Db } from '../db/db';
import { HttpError } from '../errors';

export const lessonsBody = z
  .object({ lessons: z.array(z.object({ siteId: slugId.nullable().default(null), lesson }).strict()).min(1).max(1000) })
  .strict()
  .describe('lessons');

const UPSERT_LESSON = `
INSERT INTO lessons (id, language, version, site_id, json) VALUES ($1, $2, $3, $4, $5::jsonb)
ON CONFLICT (id, language) DO UPDATE SET version = EXCLUDED.version, site_id = EXCLUDED.site_id, json = EXCLUDED.json, deleted = false
WHERE (lessons.version, lessons.site_id, lessons.json, lessons.deleted) IS DISTINCT FROM (EXCLUDED.version, EXCLUDED.site_id, EXCLUDED.json, false)`;

/**
 * Lessons, global (siteId null) or for one site. Accepted only when every media file they reference
 * is already uploaded, so a terminal that pulls a lesson can always fetch its media.
 */
export async function upsertLessons(db: Db, { lessons }: z.infer<typeof lessonsBody>) {
  return db.transaction(async (tx) => {
    for (const siteId of new Set(lessons.map((l) => l.siteId).filter((s): s is string => s !== null))) await requireSite(tx, siteId);
    const wanted = [...new Set(lessons.flatMap((l) => lessonMediaHashes(l.lesson)))];
    if (wanted.length > 0) {
      const have = new Set((await tx.query<{ sha256: string }>('SELECT sha256 FROM media WHERE sha256 = ANY($1::text[])', [wanted])).rows.map((r) => r.sha256));
      const absent = wanted.filter((h) => !have.has(h));
      if (absent.length > 0) {
        throw new HttpError(400, 'media-missing', `lessons reference media that is not uploaded: ${absent.slice(0, 5).join(', ')}; upload it first (PUT /api/v1/admin/media/<sha256>)`);
      }
    }
    let changed = 0;
    for (const { siteId, lesson: l } of lessons) changed += (await tx.query(UPSERT_LESSON, [l.id, l.language, l.version, siteId, JSON.stringify(l)])).rowCount;
    return { received: lessons.length, changed };
  });
}

export async function deleteLesson(db: Db, id: string, language: string) {
  return db.transaction(async (tx) => {
    const r = await tx.query('UPDATE lessons SET deleted = true WHERE id = $1 AND language = $2 AND NOT deleted', [id, language]);
    if (r.rowCount === 0) throw new HttpError(404, 'lesson-not-found', `no active lesson "${id}" in language "${language}"`);
    return { id, language, deleted: true };
  });
}

export interface PublishedLesson {
  id: string;
  /** Title per language code. */
  titles: Record<string, string>;
  durationMinutes: number;
  recertifyAfterDays: number | null;
  requiredFor: { roles: string[]; stations: string[] } | null;
}

/**
 * Every published lesson once, its language versions collapsed (metadata from the newest version).
 * With `siteIds`, only the lessons for every site and those of these sites (what their terminals get).
 */
export async function listLessons(db: Db, siteIds?: readonly string[]): Promise<PublishedLesson[]> {
  const r = await db.query<{ id: string; language: string; json: z.infer<typeof lesson> }>(
    'SELECT id, language, json FROM lessons WHERE NOT deleted AND ($1::text[] IS NULL OR site_id IS NULL OR site_id = ANY($1)) ORDER BY id, version DESC, language',
    [siteIds ?? null],
  );
  const byId = new Map<string, PublishedLesson>();
  for (const { id, language, json } of r.rows) {
    const entry = byId.get(id) ?? { id, titles: {}, durationMinutes: json.durationMinutes, recertifyAfterDays: json.recertifyAfterDays ?? null, requiredFor: json.requiredFor ?? null };
    entry.titles[language] = json.title;
    byId.set(id, entry);
  }
  return [...byId.values()];
}
