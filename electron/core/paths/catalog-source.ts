import type Database from 'better-sqlite3';
import { lesson as lessonSchema } from '../../../common/contracts/lesson';
import { catalogFromLessons, type Catalog } from '../../../common/paths';

/**
 * The engine's catalog, rebuilt only when the stored lessons change. A badge tap must not parse every
 * lesson's JSON, and the engine memoises its index per catalog array, so the same array is handed
 * out until a lesson variant is added, removed or gets a new version (content changes always bump it).
 */
export function createCatalogSource(db: Database.Database): () => Catalog {
  const fingerprintStmt = db.prepare("SELECT count(*) || ':' || ifnull(group_concat(id || '/' || language || '/' || version, ','), '') FROM (SELECT id, language, version FROM lessons ORDER BY id, language)").pluck();
  const allStmt = db.prepare('SELECT json FROM lessons ORDER BY id, language').pluck();
  let cached: { fingerprint: string; catalog: Catalog } | null = null;
  return () => {
    const fingerprint = fingerprintStmt.get() as string;
    if (cached?.fingerprint !== fingerprint) {
      const lessons = (allStmt.all() as string[]).map((json) => lessonSchema.parse(JSON.parse(json)));
      cached = { fingerprint, catalog: catalogFromLessons(lessons) };
    }
    return cached.catalog;
  };
}
