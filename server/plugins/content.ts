import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { packMediaEntry } from '../../common/contracts/content-pack';
import { lesson, lessonMediaHashes, sha256Hex } from '../../common/contracts/lesson';
import { slugId } from '../../common/contracts/sync';
import { requireSite } from '../admin';
import { badRequest, HttpError } from '../errors';
import { adminRoutes } from './admin-scope';

const MAX_MEDIA_BYTES = 200 * 1024 * 1024;

const lessonsBody = z
  .object({ lessons: z.array(z.object({ siteId: slugId.nullable().default(null), lesson }).strict()).min(1).max(1000) })
  .strict();

/**
 * Lessons (global when siteId is null, else for one site) and media addressed by SHA-256.
 * A lesson is accepted only when every media file it references is already uploaded, so a
 * terminal that pulls a lesson can always fetch its media.
 */
export const contentPlugin: FastifyPluginAsync = async (app) => {
  adminRoutes(app, (admin) => {
    admin.put('/api/v1/admin/lessons', async (req) => {
      const parsed = lessonsBody.safeParse(req.body);
      if (!parsed.success) throw badRequest(parsed.error, 'lessons');
      const { lessons } = parsed.data;
      return app.db.transaction(async (tx) => {
        for (const siteId of new Set(lessons.map((l) => l.siteId).filter((s): s is string => s !== null))) await requireSite(tx, siteId);
        const wanted = [...new Set(lessons.flatMap((l) => lessonMediaHashes(l.lesson)))];
        if (wanted.length > 0) {
          const have = new Set((await tx.query<{ sha256: string }>('SELECT sha256 FROM media WHERE sha256 = ANY($1::text[])', [wanted])).rows.map((r) => r.sha256));
          const absent = wanted.filter((h) => !have.has(h));
          if (absent.length > 0) {
            throw new HttpError(400, 'media-missing', `lessons reference media that is not uploaded: ${absent.slice(0, 5).join(', ')}; upload it first (PUT /api/v1/admin/media/<sha256>)`);
          }
        }
        let changed = 0;
        for (const { siteId, lesson: l } of lessons) {
          const r = await tx.query(
            `INSERT INTO lessons (id, language, version, site_id, json) VALUES ($1, $2, $3, $4, $5::jsonb)
             ON CONFLICT (id, language) DO UPDATE SET version = EXCLUDED.version, site_id = EXCLUDED.site_id, json = EXCLUDED.json, deleted = false
             WHERE (lessons.version, lessons.site_id, lessons.json, lessons.deleted) IS DISTINCT FROM (EXCLUDED.version, EXCLUDED.site_id, EXCLUDED.json, false)`,
            [l.id, l.language, l.version, siteId, JSON.stringify(l)],
          );
          changed += r.rowCount;
        }
        return { received: lessons.length, changed };
      });
    });

    admin.delete<{ Params: { id: string; language: string } }>('/api/v1/admin/lessons/:id/:language', async (req) => {
      return app.db.transaction(async (tx) => {
        const r = await tx.query('UPDATE lessons SET deleted = true WHERE id = $1 AND language = $2 AND NOT deleted', [req.params.id, req.params.language]);
        if (r.rowCount === 0) throw new HttpError(404, 'lesson-not-found', `no active lesson "${req.params.id}" in language "${req.params.language}"`);
        return { id: req.params.id, language: req.params.language, deleted: true };
      });
    });

    admin.register(async (upload) => {
      // Bytes as sent whatever the type: the JSON and text parsers would turn a file into something else.
      upload.removeAllContentTypeParsers();
      upload.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_MEDIA_BYTES }, (_req, body, done) => done(null, body));
      upload.put<{ Params: { sha256: string } }>('/api/v1/admin/media/:sha256', { bodyLimit: MAX_MEDIA_BYTES }, async (req, reply) => {
        const hash = sha256Hex.safeParse(req.params.sha256);
        if (!hash.success) throw new HttpError(400, 'invalid-hash', 'the media path must be the lowercase hex SHA-256 of the file');
        if (!Buffer.isBuffer(req.body)) throw new HttpError(400, 'no-body', 'send the file bytes as the request body with their Content-Type');
        const actual = createHash('sha256').update(req.body).digest('hex');
        if (actual !== hash.data) throw new HttpError(400, 'hash-mismatch', `the body's SHA-256 is ${actual}, not ${hash.data}: the upload was damaged or the hash is wrong`);
        // Terminals get the media with this type, so only what a lesson can show (as for pack media).
        const type = packMediaEntry.shape.mimeType.safeParse((req.headers['content-type'] ?? '').split(';')[0].trim());
        if (!type.success) {
          throw new HttpError(415, 'unsupported-media-type', `Content-Type "${req.headers['content-type'] ?? ''}" is not a lesson media type: send the file as one of ${packMediaEntry.shape.mimeType.options.join(', ')}`);
        }
        const contentType = type.data;
        await app.db.query('INSERT INTO media (sha256, content_type, size, bytes) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING', [
          hash.data,
          contentType,
          req.body.length,
          req.body,
        ]);
        return reply.code(201).send({ sha256: hash.data, size: req.body.length, contentType });
      });
    });
  });

  app.register(async (terminal) => {
    terminal.addHook('onRequest', async (req) => {
      req.principal = await app.auth.terminal(req);
    });
    terminal.get<{ Params: { sha256: string } }>('/api/v1/media/:sha256', async (req, reply) => {
      const hash = sha256Hex.safeParse(req.params.sha256);
      if (!hash.success) throw new HttpError(400, 'invalid-hash', 'media are addressed by the lowercase hex SHA-256 of their bytes');
      const r = await app.db.query<{ content_type: string; bytes: Uint8Array }>('SELECT content_type, bytes FROM media WHERE sha256 = $1', [hash.data]);
      const row = r.rows[0];
      if (!row) throw new HttpError(404, 'media-not-found', `no media ${hash.data} on this server: upload it (PUT /api/v1/admin/media/${hash.data})`);
      const bytes = Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
      return reply
        .header('content-type', row.content_type)
        .header('etag', `"${hash.data}"`)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(bytes);
    });
  });
};
