import { createHash } from 'node:crypto';
import path from 'node:path';
import { svgActiveContent } from '../common/media/svg-safety';

/** Media a lesson may reference, by file extension. */
export const MEDIA_TYPES = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.vtt': 'text/vtt',
} as const;

export type MediaType = (typeof MEDIA_TYPES)[keyof typeof MEDIA_TYPES];
export type MediaUse = 'image' | 'video' | 'captions';

const USE_TYPES: Record<MediaUse, readonly string[]> = {
  image: ['image/svg+xml', 'image/png', 'image/jpeg', 'image/webp'],
  video: ['video/mp4', 'video/webm'],
  captions: ['text/vtt'],
};

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function mediaTypeOf(src: string): MediaType | null {
  const ext = path.posix.extname(src).toLowerCase();
  return (MEDIA_TYPES as Record<string, MediaType>)[ext] ?? null;
}

/**
 * Normalises a media path as written in a lesson (relative to the content folder). Returns the
 * problem instead when the path could reach outside the folder or the network: the kiosk plays
 * offline and only from its own cache.
 */
export function resolveMediaPath(src: string): { path: string } | { problem: string; fix: string } {
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) {
    return {
      problem: `"${src}" is not a file in the content folder`,
      fix: 'download the file into content/media/ and reference it as media/<file>; lessons play offline',
    };
  }
  const normal = path.posix.normalize(src.replace(/\\/g, '/'));
  if (normal.startsWith('/') || normal.startsWith('..')) {
    return {
      problem: `media path "${src}" points outside the content folder`,
      fix: 'put the file in content/media/ and write the path relative to the content folder, e.g. media/lock-and-tag.svg',
    };
  }
  return { path: normal };
}

/** Problems with a media file's bytes for a given use, or null when it is fit to ship. */
export function mediaContentProblem(use: MediaUse, mimeType: MediaType, bytes: Buffer): { problem: string; fix: string } | null {
  if (!USE_TYPES[use].includes(mimeType)) {
    return {
      problem: `a ${mimeType} file cannot be used as ${use === 'captions' ? 'captions' : `a ${use}`}`,
      fix: `use one of: ${USE_TYPES[use].join(', ')}`,
    };
  }
  if (mimeType === 'text/vtt' && !bytes.toString('utf8').replace(/^\uFEFF/, '').startsWith('WEBVTT')) {
    return { problem: 'captions file is not WebVTT', fix: 'start the file with a line "WEBVTT" and write cues as "00:00.000 --> 00:04.000"' };
  }
  if (mimeType === 'image/svg+xml') {
    // SVGs are XML that can carry script; a diagram never needs it.
    const found = svgActiveContent(bytes.toString('utf8'));
    if (found.length > 0) {
      return {
        problem: `SVG is not a plain drawing: a sanitiser had to remove ${found.slice(0, 3).join(', ')}${found.length > 3 ? ` and ${found.length - 3} more` : ''}`,
        fix: 'export the diagram as a plain SVG (shapes, text and internal #references only: no script, event handlers, animation, embedded or remote content), or as PNG',
      };
    }
  }
  return null;
}
