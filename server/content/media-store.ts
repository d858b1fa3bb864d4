import { lesson as lessonSchema, lessonMediaHashes } from '../../common/contracts/lesson';
import { svgActiveContent } from '../../common/media/svg-safety';
import type { Queryable } from '../db/db';
import { HttpError } from '../errors';

/**
 * Media bytes addressed by SHA-256; storing one twice keeps the first (the bytes are equal by their
 * hash). An SVG that is not a plain drawing is refused here, whichever route uploaded it: a pack can
 * be built by anything, not only by the pack tool that checks the same way.
 */
export async function storeMedia(db: Queryable, sha256: string, contentType: string, bytes: Buffer, file = `media/${sha256}`): Promise<void> {
  if (contentType === 'image/svg+xml') {
    const found = svgActiveContent(bytes.toString('utf8'));
    if (found.length > 0) {
      throw new HttpError(400, 'unsafe-svg', `${file}: the SVG is not a plain drawing (a sanitiser had to remove ${found.slice(0, 3).join(', ')}). Fix: export it as a plain SVG (shapes, text, internal #references) or as PNG, rebuild and upload again`, { file });
    }
  }
  await db.query('INSERT INTO media (sha256, content_type, size, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING', [sha256, contentType, bytes.length, bytes]);
}

export async function readMedia(db: Queryable, sha256: string): Promise<{ contentType: string; bytes: Buffer } | null> {
  const r = await db.query<{ content_type: string; bytes: Uint8Array }>('SELECT content_type, bytes FROM media WHERE sha256 = $1', [sha256]);
  const row = r.rows[0];
  if (!row) return null;
  return { contentType: row.content_type, bytes: Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) };
}

/**
 * Whether a lesson published to the site (global or its own, not withdrawn) shows this media: a
 * terminal gets only those. The text match only narrows the candidates; the lesson's own media list decides.
 */
export async function mediaOfSite(db: Queryable, sha256: string, siteId: string): Promise<boolean> {
  const r = await db.query<{ json: unknown }>(
    "SELECT json FROM lessons WHERE NOT deleted AND (site_id IS NULL OR site_id = $2) AND json::text LIKE '%' || $1 || '%'",
    [sha256, siteId],
  );
  return r.rows.some((row) => {
    const parsed = lessonSchema.safeParse(row.json);
    return parsed.success && lessonMediaHashes(parsed.data).includes(sha256);
  });
}
