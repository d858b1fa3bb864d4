import type { Queryable } from '../db/db';

/** Media bytes addressed by SHA-256; storing one twice keeps the first (the bytes are equal by their hash). */
export async function storeMedia(db: Queryable, sha256: string, contentType: string, bytes: Buffer): Promise<void> {
  await db.query('INSERT INTO media (sha256, content_type, size, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING', [sha256, contentType, bytes.length, bytes]);
}

export async function readMedia(db: Queryable, sha256: string): Promise<{ contentType: string; bytes: Buffer } | null> {
  const r = await db.query<{ content_type: string; bytes: Uint8Array }>('SELECT content_type, bytes FROM media WHERE sha256 = $1', [sha256]);
  const row = r.rows[0];
  if (!row) return null;
  return { contentType: row.content_type, bytes: Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength) };
}
