import type { Lesson } from '../contracts/lesson';
import type { Catalog, CatalogLesson } from './types';

/** Lookups derived from a catalog once and reused for every worker ranked against it. */
export interface CatalogIndex {
  byId: ReadonlyMap<string, CatalogLesson>;
  /** Prerequisites before dependents; ties broken by lesson id, so the order is stable. */
  topoRank: ReadonlyMap<string, number>;
  /** Lesson ids that teach each skill, sorted. */
  bySkill: ReadonlyMap<string, readonly string[]>;
}

const indexCache = new WeakMap<Catalog, CatalogIndex>();

/** Memoised per catalog array: the kiosk keeps one catalog and ranks many badge taps against it. */
export function indexCatalog(catalog: Catalog): CatalogIndex {
  const cached = indexCache.get(catalog);
  if (cached) return cached;
  const byId = new Map<string, CatalogLesson>();
  for (const lesson of catalog) byId.set(lesson.id, lesson);
  const bySkill = new Map<string, string[]>();
  for (const lesson of catalog) {
    for (const skill of lesson.skills) {
      const list = bySkill.get(skill) ?? [];
      list.push(lesson.id);
      bySkill.set(skill, list);
    }
  }
  for (const list of bySkill.values()) list.sort(compareIds);
  const index: CatalogIndex = { byId, topoRank: topologicalRank(byId), bySkill };
  indexCache.set(catalog, index);
  return index;
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Depth-first post-order over ids in sorted order: every prerequisite gets a lower rank than the
 * lessons that need it. A cycle cannot be ordered; its back edge is ignored here (catalogProblems
 * reports it) so one bad lesson does not stop a terminal from ranking the rest.
 */
function topologicalRank(byId: ReadonlyMap<string, CatalogLesson>): Map<string, number> {
  const rank = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): void => {
    if (rank.has(id) || visiting.has(id)) return;
    const lesson = byId.get(id);
    if (!lesson) return;
    visiting.add(id);
    for (const pre of [...lesson.prerequisites].sort(compareIds)) visit(pre);
    visiting.delete(id);
    rank.set(id, rank.size);
  };
  for (const id of [...byId.keys()].sort(compareIds)) visit(id);
  return rank;
}

/** Problems that make a lesson impossible to reach; each names the lesson and the fix. */
export function catalogProblems(catalog: Catalog): string[] {
  const byId = new Map(catalog.map((l) => [l.id, l]));
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const lesson of catalog) {
    if (seen.has(lesson.id)) problems.push(`lesson "${lesson.id}" appears twice in the catalog: collapse its language variants into one entry (catalogFromLessons)`);
    seen.add(lesson.id);
    for (const pre of lesson.prerequisites) {
      if (!byId.has(pre)) problems.push(`lesson "${lesson.id}" requires unknown lesson "${pre}": publish "${pre}" or remove it from prerequisites`);
    }
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const walk = (id: string, trail: string[]): void => {
    const lesson = byId.get(id);
    if (!lesson || state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id].join(' -> ');
      problems.push(`prerequisite cycle ${cycle}: no worker can ever start these lessons; remove one of the prerequisites`);
      return;
    }
    state.set(id, 'visiting');
    for (const pre of lesson.prerequisites) walk(pre, [...trail, id]);
    state.set(id, 'done');
  };
  for (const id of [...byId.keys()].sort(compareIds)) walk(id, []);
  return problems;
}

/**
 * One catalog entry per lesson id from the per-language lessons a content pack carries. Metadata
 * comes from the highest version (English first on a tie), titles from every variant of that version.
 */
export function catalogFromLessons(lessons: readonly Lesson[]): CatalogLesson[] {
  const groups = new Map<string, Lesson[]>();
  for (const lesson of lessons) {
    const group = groups.get(lesson.id) ?? [];
    group.push(lesson);
    groups.set(lesson.id, group);
  }
  return [...groups.keys()].sort(compareIds).map((id) => {
    const variants = groups.get(id)!;
    const version = Math.max(...variants.map((v) => v.version));
    const current = variants
      .filter((v) => v.version === version)
      .sort((a, b) => (a.language === 'en' ? -1 : b.language === 'en' ? 1 : compareIds(a.language, b.language)));
    const base = current[0]!;
    const itemIds = new Set<string>();
    for (const card of base.cards) if (card.kind === 'check') itemIds.add(card.itemId);
    return {
      id,
      version,
      titles: Object.fromEntries(current.map((v) => [v.language, v.title])),
      durationMinutes: base.durationMinutes,
      skills: [...base.skills],
      roles: [...base.roles],
      stations: [...base.stations],
      prerequisites: [...base.prerequisites],
      recertifyAfterDays: base.recertifyAfterDays,
      itemIds: [...itemIds],
    };
  });
}
