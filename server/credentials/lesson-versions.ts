import { createHash } from 'node:crypto';
import { canonicalJson } from '../../common/contracts/canonical-json';
import type { Queryable } from '../db/db';

export interface LessonVersions {
  /** Current title per lesson, in `language` when there is one, else any. */
  title(lessonId: string, language?: string): string;
  /** SHA-256 of the lesson file of that version, when the server holds it (from a pack manifest, or the current lesson). */
  contentHash(lessonId: string, version: number, language?: string): string | null;
}

/**
 * Titles and content hashes of lesson versions. A completion records the lesson version number;
 * the pack manifests published over time map each (id, language, version) to the SHA-256 of that
 * version's file, which is what an auditor can match against the content in git.
 */
export async function loadLessonVersions(db: Queryable, lessonIds: string[]): Promise<LessonVersions> {
  const [current, packed] = await Promise.all([
    db.query<{ id: string; language: string; version: number; json: { title?: string } }>('SELECT id, language, version, json FROM lessons WHERE id = ANY($1::text[])', [lessonIds]),
    db.query<{ id: string; language: string; version: string; sha256: string }>(
      `SELECT DISTINCT e->>'id' AS id, e->>'language' AS language, e->>'version' AS version, e->>'sha256' AS sha256
         FROM packs, jsonb_array_elements(manifest->'lessons') AS e WHERE e->>'id' = ANY($1::text[])`,
      [lessonIds],
    ),
  ]);
  const titles = new Map<string, Map<string, string>>();
  const hashes = new Map<string, string>();
  const key = (id: string, version: number, language: string) => `${id}\u0000${version}\u0000${language}`;
  for (const l of current.rows) {
    if (typeof l.json.title === 'string') (titles.get(l.id) ?? titles.set(l.id, new Map()).get(l.id)!).set(l.language, l.json.title);
    hashes.set(key(l.id, l.version, l.language), createHash('sha256').update(canonicalJson(l.json)).digest('hex'));
  }
  // A pack's recorded hash is of the file bytes as built; it wins over the re-serialised current lesson.
  for (const p of packed.rows) hashes.set(key(p.id, Number(p.version), p.language), p.sha256);
  return {
    title(lessonId, language) {
      const byLanguage = titles.get(lessonId);
      return (language && byLanguage?.get(language)) ?? byLanguage?.get('en') ?? byLanguage?.values().next().value ?? lessonId;
    },
    contentHash(lessonId, version, language) {
      if (language) return hashes.get(key(lessonId, version, language)) ?? null;
      for (const lang of ['en', ...(titles.get(lessonId)?.keys() ?? [])]) {
        const h = hashes.get(key(lessonId, version, lang));
        if (h) return h;
      }
      return null;
    },
  };
}
