import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from './canonical-json';
import { sha256Hex } from './lesson';

/**
 * The manifest of a built content pack (manifest.json at the pack root). Lessons live in
 * lessons/<sha256>.json and media in media/<sha256>, both named by the SHA-256 of their bytes, so a
 * terminal fetches only the hashes it does not already hold.
 */

export const PACK_FORMAT = 1 as const;

export const packLessonEntry = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  language: z.string().min(2),
  version: z.number().int().positive(),
  title: z.string().min(1),
  /** SHA-256 of the lesson JSON file (lessons/<sha256>.json). */
  sha256: sha256Hex,
});

export const packMediaEntry = z.object({
  sha256: sha256Hex,
  size: z.number().int().nonnegative(),
  mimeType: z.enum(['image/svg+xml', 'image/png', 'image/jpeg', 'image/webp', 'video/mp4', 'video/webm', 'text/vtt']),
});

export const packManifest = z.object({
  format: z.literal(PACK_FORMAT),
  /** SHA-256 over the rest of the manifest: equal contents give an equal version. */
  packVersion: sha256Hex,
  /** Language shown when a lesson has no version in the worker's language. */
  defaultLanguage: z.string().min(2),
  /** Sorted by id, then language. */
  lessons: z.array(packLessonEntry),
  /** Sorted by sha256. */
  media: z.array(packMediaEntry),
});

export type PackLessonEntry = z.infer<typeof packLessonEntry>;
export type PackMediaEntry = z.infer<typeof packMediaEntry>;
export type PackManifest = z.infer<typeof packManifest>;

/** A pack's version: the SHA-256 of its canonical manifest without the version (what build and server both check). */
export function packVersionOf(manifest: Omit<PackManifest, 'packVersion'>): string {
  const { format, defaultLanguage, lessons, media } = manifest;
  return createHash('sha256').update(canonicalJson({ format, defaultLanguage, lessons, media })).digest('hex');
}
