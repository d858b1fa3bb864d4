import type { Store } from '../store/open-store';
import { upsertLesson } from '../lessons/lesson-repo';
import { countWorkers, upsertWorker } from '../session/roster-repo';
import { upsertPlaces } from '../store/terminal-place';
import { cacheDemoMedia } from './demo-media';
import { demoLessons } from './demo-lessons';
import { seedDemoPaths } from './demo-paths';
import { setDisplayName } from '../paths/display-names';
import { DEMO_DISPLAY_NAMES, DEMO_SITE, DEMO_STATIONS, DEMO_WORKERS } from './demo-roster';

/**
 * Fills an empty terminal with the demo plant, roster, lessons and media, so a first start shows a
 * working kiosk, with requirements and a little history dated relative to `now`. Does nothing once any worker exists: a real roster is never mixed with demo people.
 * Returns whether it seeded.
 */
export function seedDemoIfEmpty(store: Store, now: Date): boolean {
  const { db } = store;
  if (countWorkers(db) > 0) return false;
  db.transaction(() => {
    upsertPlaces(db, DEMO_SITE, DEMO_STATIONS);
    for (const w of DEMO_WORKERS) upsertWorker(db, w);
    for (const n of DEMO_DISPLAY_NAMES) setDisplayName(db, n);
    const media = cacheDemoMedia(db, store.mediaDir);
    const lessons = demoLessons(media);
    for (const lesson of lessons) upsertLesson(db, lesson);
    seedDemoPaths(db, lessons, DEMO_STATIONS[0].id, now);
  })();
  return true;
}
