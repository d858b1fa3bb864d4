import type Database from 'better-sqlite3';
import { lesson as lessonSchema, type Lesson } from '../../../common/contracts/lesson';
import { preparedOnce } from '../store/prepared';
import type { LessonMeta } from './next-lesson';

const statements = preparedOnce((db) => ({
  upsert: db.prepare(
    `INSERT INTO lessons (id, language, version, title, summary, duration_minutes, roles_json, stations_json, recertify_after_days, json)
     VALUES (@id, @language, @version, @title, @summary, @durationMinutes, @roles, @stations, @recertify, @json)
     ON CONFLICT(id, language) DO UPDATE SET version = excluded.version, title = excluded.title, summary = excluded.summary,
       duration_minutes = excluded.duration_minutes, roles_json = excluded.roles_json, stations_json = excluded.stations_json,
       recertify_after_days = excluded.recertify_after_days, json = excluded.json`,
  ),
  meta: db.prepare(
    `SELECT id, language, version, title, summary, duration_minutes, roles_json, stations_json, recertify_after_days
       FROM lessons WHERE language IN (SELECT value FROM json_each(?))`,
  ),
  json: db.prepare('SELECT json FROM lessons WHERE id = ? AND language = ?').pluck(),
}));

/** Stores one language variant of a lesson, replacing an older version of it. The lesson is validated first. */
export function upsertLesson(db: Database.Database, input: Lesson): void {
  const l = lessonSchema.parse(input);
  statements(db).upsert.run({
    id: l.id,
    language: l.language,
    version: l.version,
    title: l.title,
    summary: l.summary,
    durationMinutes: l.durationMinutes,
    roles: JSON.stringify(l.roles),
    stations: JSON.stringify(l.stations),
    recertify: l.recertifyAfterDays,
    json: JSON.stringify(l),
  });
}

interface MetaRow {
  id: string;
  language: string;
  version: number;
  title: string;
  summary: string;
  duration_minutes: number;
  roles_json: string;
  stations_json: string;
  recertify_after_days: number | null;
}

/** The lesson variants in the given languages, without their cards. */
export function listLessonMeta(db: Database.Database, languages: string[]): LessonMeta[] {
  const rows = statements(db).meta.all(JSON.stringify(languages)) as MetaRow[];
  return rows.map((r) => ({
    id: r.id,
    language: r.language,
    version: r.version,
    title: r.title,
    summary: r.summary,
    durationMinutes: r.duration_minutes,
    roles: JSON.parse(r.roles_json) as string[],
    stations: JSON.parse(r.stations_json) as string[],
    recertifyAfterDays: r.recertify_after_days,
  }));
}

/** The lesson in the first of `languages` it exists in, or null. */
export function findLesson(db: Database.Database, lessonId: string, languages: string[]): Lesson | null {
  const { json: lessonJson } = statements(db);
  for (const language of languages) {
    const json = lessonJson.get(lessonId, language) as string | undefined;
    if (json !== undefined) return lessonSchema.parse(JSON.parse(json));
  }
  return null;
}
