import type Database from 'better-sqlite3';
import type { CheckCard, Lesson } from '../../../common/contracts/lesson';
import { buildReviewSession, defaultPathOptions, recommend, type Catalog, type RecommendInput, type RecommendResult } from '../../../common/paths';
import type { RosterWorker } from '../session/roster-repo';
import { createCatalogSource } from './catalog-source';
import { languagePreference } from '../lessons/next-lesson';
import { loadDisplayNames } from './display-names';
import { loadHistory } from './history-repo';
import { loadItemStates } from './item-state-repo';
import type { DrawnItem } from './record-completion';
import { loadRequirements } from './requirements-repo';

/**
 * The I/O side of the learning-path engine for one terminal: loads what `recommend` and
 * `buildReviewSession` need from SQLite for a worker at this terminal's station.
 */
export function createWorkerPaths(db: Database.Database, stationId: string, terminalLanguage: string) {
  const catalog = createCatalogSource(db);

  function inputFor(worker: RosterWorker, now: Date, lessons: Catalog): RecommendInput {
    const requirements = loadRequirements(db);
    const skills = [...Object.values(requirements.byRole), ...Object.values(requirements.byStation)].flatMap((r) => r.skills);
    return {
      catalog: lessons,
      requirements,
      worker: { id: worker.id, roles: worker.roles, stations: worker.stations, language: worker.language },
      station: stationId,
      now,
      history: loadHistory(db, worker.id),
      itemStates: loadItemStates(db, worker.id),
      names: loadDisplayNames(db, languagePreference(worker.language, terminalLanguage), worker.roles, skills),
    };
  }

  return {
    recommend(worker: RosterWorker, now: Date): RecommendResult {
      return recommend(inputFor(worker, now, catalog()));
    },

    /**
     * 3-5 knowledge checks for a review now, most overdue first, from lessons the worker has sat;
     * `findLesson` gives the worker's language variant. Items whose check is no longer in the
     * lesson (content changed) are skipped. Empty when there is nothing to review.
     */
    drawReview(worker: RosterWorker, now: Date, findLesson: (lessonId: string) => Lesson | null): DrawnItem[] {
      const lessons = catalog();
      const published = new Set(lessons.map((l) => l.id));
      const done = new Set(loadHistory(db, worker.id).map((c) => c.lessonId).filter((id) => published.has(id)));
      const session = buildReviewSession(loadItemStates(db, worker.id), done, now, defaultPathOptions.review);
      const drawn: DrawnItem[] = [];
      for (const item of session?.items ?? []) {
        const lesson = findLesson(item.lessonId);
        const card = lesson?.cards.find((c): c is CheckCard => c.kind === 'check' && c.itemId === item.itemId);
        if (lesson && card) drawn.push({ lesson, card });
      }
      return drawn;
    },
  };
}

export type WorkerPaths = ReturnType<typeof createWorkerPaths>;
