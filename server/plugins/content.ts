import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { packMediaEntry } from '../../common/contracts/content-pack';
import { sha256Hex } from '../../common/contracts/lesson';
import { deleteLesson, lessonsBody, listLessons, upsertLessons } from '../content/lesson-store';
import { mediaOfSite, readMedia, storeMedia } from '../content/media-store';
import { HttpError } from '../errors';
import { adminRoutes, terminalRoutes, type ZodApp } from './route-scopes';

const MAX_MEDIA_BYTES = 200 * 1024 * 1024;
const mediaParams = z.object({ sha256: sha256Hex }).describe('media path (the lowercase hex SHA-256 of the file)');

/** Lessons (global when siteId is null, else for one site) and media addressed by SHA-256. */
export const contentPlugin: FastifyPluginAsyncZod = async (app) => {
  adminRoutes(app, (admin) => {
    admin.put('/api/v1/admin/lessons', { schema: { body: lessonsBody } }, async (req) => upsertLessons(app.db, req.body));
    admin.get('/api/v1/admin/lessons', async () => ({ lessons: await listLessons(app.db) }));

    admin.delete('/api/v1/admin/lessons/:id/:language', { schema: { params: z.object({ id: z.string(), language: z.string() }) } }, async (req) =>
      deleteLesson(app.db, req.params.id, req.params.language),
    );

    admin.register(async (upload: ZodApp) => {
      // Bytes as sent whatever the type: the JSON and text parsers would turn a file into something else.
      upload.removeAllContentTypeParsers();
      upload.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_MEDIA_BYTES }, (_req, body, done) => done(null, body));
      upload.put('/api/v1/admin/media/:sha256', { bodyLimit: MAX_MEDIA_BYTES, schema: { params: mediaParams } }, async (req, reply) => {
        const { sha256 } = req.params;
        if (!Buffer.isBuffer(req.body)) throw new HttpError(400, 'no-body', 'send the file bytes as the request body with their Content-Type');
        const actual = createHash('sha256').update(req.body).digest('hex');
        if (actual !== sha256) throw new HttpError(400, 'hash-mismatch', `the body's SHA-256 is ${actual}, not ${sha256}: the upload was damaged or the hash is wrong`);
        // Terminals get the media with this type, so only what a lesson can show (as for pack media).
        const type = packMediaEntry.shape.mimeType.safeParse((req.headers['content-type'] ?? '').split(';')[0].trim());
        if (!type.success) {
          throw new HttpError(415, 'unsupported-media-type', `Content-Type "${req.headers['content-type'] ?? ''}" is not a lesson media type: send the file as one of ${packMediaEntry.shape.mimeType.options.join(', ')}`);
        }
        await storeMedia(app.db, sha256, type.data, req.body);
        return reply.code(201).send({ sha256, size: req.body.length, contentType: type.data });
      });
    });
  });

  terminalRoutes(app, (terminal) => {
    terminal.get('/api/v1/media/:sha256', { schema: { params: mediaParams } }, async (req, reply) => {
      const { sha256 } = req.params;
      const principal = req.principal;
      if (principal?.kind !== 'terminal') throw new Error('media reached without a terminal principal');
      // Another site's media answers exactly like media that does not exist: a hash proves nothing.
      const media = (await mediaOfSite(app.db, sha256, principal.siteId)) ? await readMedia(app.db, sha256) : null;
      if (!media) throw new HttpError(404, 'media-not-found', `no media ${sha256} for a lesson of this terminal's site: publish a lesson that shows it (or upload it: PUT /api/v1/admin/media/${sha256})`);
      return reply
        .header('content-type', media.contentType)
        .header('etag', `"${sha256}"`)
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(media.bytes);
    });
  });
};
