import { z } from 'zod';
import { lesson } from './lesson';

/**
 * What `npm run content -- preview` serves to its page: the lessons of a content folder, the
 * validator's problems, and one lesson as the kiosk would play it. The preview page parses these
 * answers with the same schemas the tool builds them with.
 */

export const previewProblem = z.object({
  /** Relative to the content folder, e.g. lessons/warehouse/safe-lifting.en.md. */
  file: z.string(),
  line: z.number().int(),
  problem: z.string(),
  fix: z.string(),
});

export const previewState = z.object({
  /** Changes whenever a lesson or a problem changed on disk; the page reloads on a new one. */
  version: z.number().int(),
  lessons: z.array(z.object({ id: z.string(), title: z.string(), languages: z.array(z.string()) })),
  problems: z.array(previewProblem),
});

export const previewLesson = z.object({
  /** null when the lesson cannot be built at all (e.g. broken front matter) and never could. */
  lesson: lesson.nullable(),
  /**
   * True when the lesson cannot be built now and this is the last version that could. (A lesson that
   * builds apart from some cards is current, without those cards.)
   */
  stale: z.boolean(),
  /** Problems in this lesson's files (every language). */
  problems: z.array(previewProblem),
});

export type PreviewProblem = z.infer<typeof previewProblem>;
export type PreviewState = z.infer<typeof previewState>;
export type PreviewLesson = z.infer<typeof previewLesson>;

/** Screen sizes a trainer checks a lesson at: the smallest supported terminal, a tablet, a full-HD screen. */
export const PREVIEW_SIZES = [
  { label: '800 x 480', width: 800, height: 480 },
  { label: '1280 x 800', width: 1280, height: 800 },
  { label: '1920 x 1080', width: 1920, height: 1080 },
  { label: '480 x 800 (portrait)', width: 480, height: 800 },
] as const;
