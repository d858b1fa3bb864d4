import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { sha256Hex } from '../../common/contracts/lesson';
import { packManifest } from '../../common/contracts/content-pack';
import { badRequest, HttpError } from '../errors';
import { missingPackFiles, publishPack, storePackFile, type PackFileKind } from '../packs/pack-store';
import { adminRoutes } from './admin-scope';

const MAX_FILE_BYTES = 200 * 1024 * 1024;
const manifestBody = z.object({ manifest: packManifest }).strict();

function parseManifest(body: unknown) {
  const parsed = manifestBody.safeParse(body);
  if (!parsed.success) throw badRequest(parsed.error, 'pack manifest');
  return parsed.data.manifest;
}

/**
 * Publishing a content pack (what `npm run content -- publish` calls), in three steps:
 *   POST /api/v1/admin/packs/missing          { manifest } -> the pack files the server lacks
 *   PUT  /api/v1/admin/packs/files/media/<sha256>, /files/lessons/<sha256>.json   raw bytes, verified
 *   PUT  /api/v1/admin/packs/<packVersion>    { manifest } -> lessons published to every terminal
 * Media are then served to terminals by GET /api/v1/media/<sha256> (content plugin).
 */
export const packsPlugin: FastifyPluginAsync = async (app) => {
  adminRoutes(app, (admin) => {
    admin.post('/api/v1/admin/packs/missing', async (req) => {
      const manifest = parseManifest(req.body);
      const known = await app.db.query('SELECT 1 FROM packs WHERE pack_version = $1', [manifest.packVersion]);
      return { packVersion: manifest.packVersion, published: known.rowCount === 1, missing: await missingPackFiles(app.db, manifest) };
    });

    admin.put<{ Params: { packVersion: string } }>('/api/v1/admin/packs/:packVersion', async (req) => {
      const manifest = parseManifest(req.body);
      if (manifest.packVersion !== req.params.packVersion) {
        throw new HttpError(400, 'pack-version-mismatch', `the URL names pack ${req.params.packVersion} but the manifest is pack ${manifest.packVersion}: PUT it to /api/v1/admin/packs/${manifest.packVersion}`);
      }
      return publishPack(app.db, manifest);
    });

    admin.register(async (upload) => {
      // The hash is over the exact bytes sent, so nothing may parse them first (not even JSON lessons).
      upload.removeAllContentTypeParsers();
      upload.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_req, body, done) => done(null, body));
      const receive = (kind: PackFileKind, name: string) =>
        upload.put<{ Params: { name: string } }>(`/api/v1/admin/packs/files/${kind}/:name`, { bodyLimit: MAX_FILE_BYTES }, async (req, reply) => {
          const hash = sha256Hex.safeParse(kind === 'lessons' ? req.params.name.replace(/\.json$/, '') : req.params.name);
          if (!hash.success) throw new HttpError(400, 'invalid-hash', `a pack file is named by the lowercase hex SHA-256 of its bytes: ${name}`);
          if (!Buffer.isBuffer(req.body)) throw new HttpError(400, 'no-body', 'send the file bytes as the request body');
          await storePackFile(app.db, kind, hash.data, req.body, req.headers['content-type'] ?? '');
          return reply.code(201).send({ file: `${kind}/${req.params.name}`, size: req.body.length });
        });
      receive('media', 'media/<sha256>');
      receive('lessons', 'lessons/<sha256>.json');
    });
  });
};
