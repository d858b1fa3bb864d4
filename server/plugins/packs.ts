import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { packManifest } from '../../common/contracts/content-pack';
import { sha256Hex } from '../../common/contracts/lesson';
import { HttpError } from '../errors';
import { isPackPublished, missingPackFiles, publishPack, storePackFile, type PackFileKind } from '../packs/pack-store';
import { adminRoutes, type ZodApp } from './route-scopes';

const MAX_FILE_BYTES = 200 * 1024 * 1024;
const manifestBody = z.object({ manifest: packManifest }).strict().describe('pack manifest');
const FILE_NAMES: Record<PackFileKind, z.ZodType<string>> = {
  media: sha256Hex,
  lessons: z.string().regex(/^[0-9a-f]{64}\.json$/, 'expected <lowercase hex SHA-256>.json'),
};

/**
 * Publishing a content pack (what `npm run content -- publish` calls), in three steps:
 *   POST /api/v1/admin/packs/missing          { manifest } -> the pack files the server lacks
 *   PUT  /api/v1/admin/packs/files/media/<sha256>, /files/lessons/<sha256>.json   raw bytes, verified
 *   PUT  /api/v1/admin/packs/<packVersion>    { manifest } -> lessons published to every terminal
 * Media are then served to terminals by GET /api/v1/media/<sha256> (content plugin).
 */
export const packsPlugin: FastifyPluginAsyncZod = async (app) => {
  adminRoutes(app, (admin) => {
    admin.post('/api/v1/admin/packs/missing', { schema: { body: manifestBody } }, async (req) => {
      const { manifest } = req.body;
      return { packVersion: manifest.packVersion, published: await isPackPublished(app.db, manifest.packVersion), missing: await missingPackFiles(app.db, manifest) };
    });

    admin.put('/api/v1/admin/packs/:packVersion', { schema: { params: z.object({ packVersion: z.string() }), body: manifestBody } }, async (req) => {
      const { manifest } = req.body;
      if (manifest.packVersion !== req.params.packVersion) {
        throw new HttpError(400, 'pack-version-mismatch', `the URL names pack ${req.params.packVersion} but the manifest is pack ${manifest.packVersion}: PUT it to /api/v1/admin/packs/${manifest.packVersion}`);
      }
      return publishPack(app.db, manifest);
    });

    admin.register(async (upload: ZodApp) => {
      // The hash is over the exact bytes sent, so nothing may parse them first (not even JSON lessons).
      upload.removeAllContentTypeParsers();
      upload.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_req, body, done) => done(null, body));
      for (const kind of ['media', 'lessons'] as const) {
        const params = z.object({ name: FILE_NAMES[kind] }).describe(`pack file path (files/${kind}/${kind === 'media' ? '<sha256>' : '<sha256>.json'}, named by the SHA-256 of its bytes)`);
        upload.put(`/api/v1/admin/packs/files/${kind}/:name`, { bodyLimit: MAX_FILE_BYTES, schema: { params } }, async (req, reply) => {
          if (!Buffer.isBuffer(req.body)) throw new HttpError(400, 'no-body', 'send the file bytes as the request body');
          await storePackFile(app.db, kind, req.params.name.replace(/\.json$/, ''), req.body, req.headers['content-type'] ?? '');
          return reply.code(201).send({ file: `${kind}/${req.params.name}`, size: req.body.length });
        });
      }
    });
  });
};
