import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { PackManifest } from '../common/contracts/content-pack';
import { buildPack, loadPack, type BuiltPack } from './pack';

/**
 * Sends a content pack to the server: asks which files it lacks, uploads only those (each checked
 * by the server against its hash), then publishes the manifest, which makes the lessons available
 * to terminals at their next sync. Publishing the same pack again uploads nothing and changes nothing.
 */

export interface PublishOptions {
  serverUrl: string;
  adminToken: string;
  fetch?: typeof fetch;
  /** Progress lines for the trainer. */
  log?: (line: string) => void;
}

export interface PublishSummary {
  packVersion: string;
  uploaded: string[];
  alreadyOnServer: number;
  created: boolean;
  lessons: number;
  changed: number;
  /** Requirement rows changed by the lessons' `required_for`, and roles or stations the server's roster does not know. */
  requirements: { changed: number; warnings: string[] };
}

const missingResponse = z.object({ packVersion: z.string(), published: z.boolean(), missing: z.array(z.string()) });
const publishResponse = z.object({
  packVersion: z.string(),
  created: z.boolean(),
  lessons: z.number(),
  changed: z.number(),
  // A server from before front matter required_for answers without it.
  requirements: z.object({ changed: z.number(), warnings: z.array(z.string()) }).default({ changed: 0, warnings: [] }),
});

export class PublishError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishError';
  }
}

/** A built pack directory (it holds manifest.json) is loaded and verified; a content folder is built. */
export function packFrom(dir: string): Pick<BuiltPack, 'manifest' | 'files'> {
  if (!fs.existsSync(path.join(dir, 'manifest.json'))) return buildPack(dir);
  const { manifest } = loadPack(dir);
  const files = new Map<string, Buffer>([['manifest.json', fs.readFileSync(path.join(dir, 'manifest.json'))]]);
  for (const l of manifest.lessons) files.set(`lessons/${l.sha256}.json`, fs.readFileSync(path.join(dir, 'lessons', `${l.sha256}.json`)));
  for (const m of manifest.media) files.set(`media/${m.sha256}`, fs.readFileSync(path.join(dir, 'media', m.sha256)));
  return { manifest, files };
}

export async function publishPack(pack: Pick<BuiltPack, 'manifest' | 'files'>, opts: PublishOptions): Promise<PublishSummary> {
  const base = opts.serverUrl.replace(/\/+$/, '');
  const doFetch = opts.fetch ?? fetch;
  const log = opts.log ?? (() => undefined);
  const auth = { authorization: `Bearer ${opts.adminToken}` };

  const call = async (method: string, url: string, body: Uint8Array | string, contentType: string): Promise<unknown> => {
    let res: Response;
    try {
      res = await doFetch(`${base}${url}`, { method, headers: { ...auth, 'content-type': contentType }, body: typeof body === 'string' ? body : new Uint8Array(body) });
    } catch (err) {
      throw new PublishError(`cannot reach the server at ${base} (${(err as Error).message}). Fix: check --server and that the server runs (npm run server)`);
    }
    const text = await res.text();
    if (res.ok) return JSON.parse(text) as unknown;
    if (res.status === 401 || res.status === 403) {
      throw new PublishError(`the server refused the admin token (${res.status}). Fix: create one with npm run server -- admin-token create and pass it with --token or SHIFTLEARN_ADMIN_TOKEN`);
    }
    throw new PublishError(`${method} ${url} failed with ${res.status}: ${messageOf(text)}`);
  };

  const manifestJson = JSON.stringify({ manifest: pack.manifest });
  const plan = missingResponse.parse(await call('POST', '/api/v1/admin/packs/missing', manifestJson, 'application/json'));
  const mimeTypes = new Map(pack.manifest.media.map((m) => [`media/${m.sha256}`, m.mimeType]));
  for (const file of plan.missing) {
    const bytes = pack.files.get(file);
    if (!bytes) throw new PublishError(`the server asked for ${file}, which this pack does not have. Fix: rebuild the pack`);
    log(`uploading ${file} (${bytes.length} bytes)`);
    await call('PUT', `/api/v1/admin/packs/files/${file}`, bytes, mimeTypes.get(file) ?? 'application/json');
  }
  const result = publishResponse.parse(await call('PUT', `/api/v1/admin/packs/${pack.manifest.packVersion}`, manifestJson, 'application/json'));
  return {
    packVersion: result.packVersion,
    uploaded: plan.missing,
    alreadyOnServer: fileCount(pack.manifest) - plan.missing.length,
    created: result.created,
    lessons: result.lessons,
    changed: result.changed,
    requirements: result.requirements,
  };
}

function fileCount(manifest: PackManifest): number {
  return manifest.lessons.length + manifest.media.length;
}

function messageOf(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: show the start of the body as it came
  }
  return body.slice(0, 300);
}
