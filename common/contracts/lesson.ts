import { z } from 'zod';
import { markdownMediaHashes } from './lesson-markdown';

/**
 * The lesson as the kiosk plays it: what a content pack carries per lesson and language, what the
 * local store keeps, and what the renderer receives. Media are referenced by the SHA-256 of their
 * bytes; a transport turns a hash into a URL (see KioskTransport.mediaUrl).
 */
export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256');

export const checkOption = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  correct: z.boolean(),
  feedback: z.string().optional(),
});

export const textCard = z.object({
  kind: z.literal('text'),
  id: z.string().min(1),
  /** Markdown; images as ![alt](media:<sha256>). Sanitised before display. */
  markdown: z.string(),
});

export const imageCard = z.object({
  kind: z.literal('image'),
  id: z.string().min(1),
  media: sha256Hex,
  alt: z.string().min(1),
  caption: z.string().optional(),
});

export const videoCard = z.object({
  kind: z.literal('video'),
  id: z.string().min(1),
  media: sha256Hex,
  mimeType: z.enum(['video/mp4', 'video/webm']),
  /** WebVTT captions file, by hash. */
  captions: sha256Hex.optional(),
  captionsLanguage: z.string().optional(),
  caption: z.string().optional(),
});

export const checkCard = z.object({
  kind: z.literal('check'),
  id: z.string().min(1),
  /** Stable id of the knowledge-check item across lesson versions (reinforcement schedules by it). */
  itemId: z.string().min(1),
  mode: z.enum(['single', 'multiple', 'truefalse']),
  question: z.string().min(1),
  options: z.array(checkOption).min(2),
  explanation: z.string().optional(),
});

export const card = z.discriminatedUnion('kind', [textCard, imageCard, videoCard, checkCard]);

export const lesson = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lesson ids are lowercase letters, digits and dashes'),
  version: z.number().int().positive(),
  language: z.string().min(2),
  title: z.string().min(1),
  summary: z.string().default(''),
  durationMinutes: z.number().min(1).max(10),
  skills: z.array(z.string()).default([]),
  roles: z.array(z.string()).default([]),
  stations: z.array(z.string()).default([]),
  prerequisites: z.array(z.string()).default([]),
  /** Days after completion before the lesson must be done again; null when it never expires. */
  recertifyAfterDays: z.number().int().positive().nullable().default(null),
  tags: z.array(z.string()).default([]),
  /**
   * Front matter `required_for`: the roles and station ids that must do this lesson. The server adds
   * the lesson to their requirements when it publishes a new version of the lesson. Absent (not empty)
   * when the front matter has none, so older lessons keep the exact JSON, and hash, they were built with.
   */
  requiredFor: z.object({ roles: z.array(z.string()).default([]), stations: z.array(z.string()).default([]) }).optional(),
  cards: z.array(card).min(1),
});

export type CheckOption = z.infer<typeof checkOption>;
export type Card = z.infer<typeof card>;
export type CheckCard = z.infer<typeof checkCard>;
export type Lesson = z.infer<typeof lesson>;

/**
 * Every media hash a lesson needs on screen: images, videos, captions, and any `media:<sha256>`
 * image of text-card Markdown (image syntax or raw <img>: the renderer resolves both; never text inside
 * code), sorted. The pack
 * tool, the server and the terminal all ask this one question, so they must agree on the answer.
 */
export function lessonMediaHashes(l: Lesson): string[] {
  const hashes = new Set<string>();
  for (const c of l.cards) {
    if (c.kind === 'image') hashes.add(c.media);
    if (c.kind === 'video') {
      hashes.add(c.media);
      if (c.captions) hashes.add(c.captions);
    }
    if (c.kind === 'text') for (const h of markdownMediaHashes(c.markdown)) hashes.add(h);
  }
  return [...hashes].sort();
}
