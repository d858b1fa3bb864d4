import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponse, type Change, type PullResponse } from '../../common/contracts/sync';
import { runCli } from '../../content-pack/cli';
import { buildPack, writePack } from '../../content-pack/pack';
import { packFrom, publishPack } from '../../content-pack/publish';
import { DIAGRAM_SVG, goodLibrary, lessonFile, writeContentFolder } from '../unit/content/fixtures';
import { readMedia } from '../../server/content/media-store';
import { enroll, seedSite, startTestServer, type EnrolledTerminal, type TestServer } from './helpers';

/**
 * Publishing content packs the way a trainer does (`npm run content -- publish` against a running
 * server) and what a terminal then pulls. The server listens on a real port so the CLI's fetch is
 * exercised end to end.
 */

let s: TestServer;
let t: EnrolledTerminal;
let url: string;
const dirs: string[] = [];

beforeAll(async () => {
  s = await startTestServer();
  url = await s.app.listen({ port: 0, host: '127.0.0.1' });
  await seedSite(s, 'plant-2', ['press-line-4']);
  t = await enroll(s, 'plant-2', 'press-line-4');
});
afterAll(async () => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  await s.close();
});

function folder(files: Record<string, string | Buffer>): string {
  const dir = writeContentFolder(files);
  dirs.push(dir);
  return dir;
}

async function publishCli(dir: string, token = s.adminToken): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(['publish', '--server', url, '--token', token, dir], (l) => out.push(l), (l) => err.push(l), {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function pullFrom(cursor: number): Promise<{ changes: Change[]; cursor: number }> {
  const changes: Change[] = [];
  for (;;) {
    const res = await s.app.inject({ url: `/api/v1/sync/pull?cursor=${cursor}&limit=100`, headers: t.headers });
    expect(res.statusCode).toBe(200);
    const page: PullResponse = pullResponse.parse(res.json());
    changes.push(...page.changes);
    cursor = page.nextCursor;
    if (!page.hasMore) return { changes, cursor };
  }
}

const lessonChanges = (changes: Change[]) =>
  changes.flatMap((c) => (c.kind === 'lesson' && c.op === 'upsert' ? [c.data.lesson] : []));

const sha = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');

async function putFile(file: string, body: Buffer | string, contentType: string) {
  const res = await s.app.inject({ method: 'PUT', url: `/api/v1/admin/packs/files/${file}`, payload: body, headers: { authorization: `Bearer ${s.adminToken}`, 'content-type': contentType } });
  return { status: res.statusCode, body: res.json() };
}

describe('publishing a content pack', () => {
  let cursor = 0;
  const library = goodLibrary();

  it('uploads the pack and terminals pull its lessons with their media hashes; the media endpoint serves the bytes', async () => {
    const run = await publishCli(folder(library));
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/2 lessons, 2 new or changed; uploaded 3 files, 0 already there/);

    const pulled = await pullFrom(cursor);
    cursor = pulled.cursor;
    const lessons = lessonChanges(pulled.changes);
    expect(lessons.map((l) => `${l.id}/${l.language}`).sort()).toEqual(['demo/en', 'demo/es']);
    const es = lessons.find((l) => l.language === 'es')!;
    expect(es.title).toBe('Lección de prueba');
    const image = es.cards.find((c) => c.kind === 'image');
    expect(image && image.kind === 'image' && image.media).toBe(sha(DIAGRAM_SVG));

    const media = await s.app.inject({ url: `/api/v1/media/${sha(DIAGRAM_SVG)}`, headers: t.headers });
    expect(media.statusCode).toBe(200);
    expect(media.headers['content-type']).toBe('image/svg+xml');
    expect(media.body).toBe(DIAGRAM_SVG);
  });

  it('is idempotent: publishing the same pack again uploads nothing and terminals see no change', async () => {
    const built = folder(library);
    const packDir = path.join(built, 'out');
    writePack(buildPack(built), packDir);
    const run = await publishCli(packDir);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/0 new or changed; uploaded 0 files, 3 already there \(this pack was published before\)/);
    expect((await pullFrom(cursor)).changes).toEqual([]);
  });

  it('a new version of one lesson uploads only its new files and only that lesson reaches terminals', async () => {
    const newSvg = DIAGRAM_SVG.replace('width="10"', 'width="9"');
    const changed = {
      ...library,
      'media/lock2.svg': newSvg,
      'lessons/area/demo.es.md': lessonFile({
        language: 'es',
        fields: { title: 'Lección de prueba', version: '2' },
        body: library['lessons/area/demo.es.md'].split('---\n').slice(2).join('---\n').replace('src=media/lock.svg', 'src=media/lock2.svg'),
      }),
    };
    const summary = await publishPack(buildPack(folder(changed)), { serverUrl: url, adminToken: s.adminToken });
    expect(summary.uploaded.sort()).toEqual([expect.stringMatching(/^lessons\/[0-9a-f]{64}\.json$/), `media/${sha(newSvg)}`]);
    expect(summary.changed).toBe(1);
    const pulled = await pullFrom(cursor);
    cursor = pulled.cursor;
    expect(lessonChanges(pulled.changes).map((l) => `${l.id}/${l.language} v${l.version}`)).toEqual(['demo/es v2']);
  });

  it('refuses an older version, or the same version with other content, naming the lesson and the fix', async () => {
    const older = await publishCli(folder(library)); // demo/es is v2 on the server now, this pack has v1
    expect(older.code).toBe(1);
    expect(older.err).toMatch(/demo \(es\) is at version 2 on the server, the pack has version 1.*raise `version`/);

    const sameVersion = { ...library, 'lessons/area/demo.en.md': lessonFile({ fields: { title: 'Demo lesson, edited' } }) };
    const edited = await publishCli(folder(sameVersion));
    expect(edited.code).toBe(1);
    expect(edited.err).toMatch(/demo \(en\) version 1 on the server has different content/);
    expect((await pullFrom(cursor)).changes).toEqual([]);
  });
});

describe('receipt verification', () => {
  it('rejects a file whose bytes do not match its hash with a 400 naming the file, and stores nothing', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="3"/></svg>';
    const hash = sha(svg);
    const damaged = await putFile(`media/${hash}`, svg.replace('r="3"', 'r="4"'), 'image/svg+xml');
    expect(damaged.status).toBe(400);
    expect(damaged.body.error).toBe('hash-mismatch');
    expect(damaged.body.message).toContain(`media/${hash}`);
    expect(damaged.body.file).toBe(`media/${hash}`);
    expect((await s.app.inject({ url: `/api/v1/media/${hash}`, headers: t.headers })).statusCode).toBe(404);

    const lessonBytes = '{"id":"x"}';
    const badLesson = await putFile(`lessons/${sha('{}')}.json`, lessonBytes, 'application/json');
    expect(badLesson.status).toBe(400);
    expect(badLesson.body.message).toContain(`lessons/${sha('{}')}.json`);

    const notALesson = await putFile(`lessons/${sha(lessonBytes)}.json`, lessonBytes, 'application/json');
    expect(notALesson.status).toBe(400);
    expect(notALesson.body.error).toBe('invalid-lesson');
  });

  it('accepts the file when it is sent again intact (a publish retried after a damaged upload)', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="5"/></svg>';
    const hash = sha(svg);
    expect((await putFile(`media/${hash}`, `${svg} `, 'image/svg+xml')).status).toBe(400);
    expect((await putFile(`media/${hash}`, svg, 'image/svg+xml')).status).toBe(201);
    expect((await readMedia(s.db, hash))?.bytes.toString('utf8')).toBe(svg);
  });

  it('refuses to publish a manifest before its files are uploaded, listing them', async () => {
    const pack = buildPack(folder({ ...goodLibrary(), 'media/lock.svg': DIAGRAM_SVG.replace('10"', '11"') }));
    const res = await s.admin('PUT', `/api/v1/admin/packs/${pack.manifest.packVersion}`, { manifest: pack.manifest });
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('files-missing');
    expect(res.body.files).toEqual(expect.arrayContaining([`media/${pack.manifest.media[0].sha256}`]));
  });

  it('refuses a manifest edited after the build', async () => {
    const pack = buildPack(folder(goodLibrary()));
    const tampered = { ...pack.manifest, lessons: pack.manifest.lessons.map((l) => ({ ...l, version: l.version + 5 })) };
    const res = await s.admin('PUT', `/api/v1/admin/packs/${pack.manifest.packVersion}`, { manifest: tampered });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('pack-version-mismatch');
  });

  it('needs an admin token: a terminal credential or none is refused, and the CLI says how to get one', async () => {
    const pack = packFrom(folder(goodLibrary()));
    const asTerminal = await s.app.inject({ method: 'POST', url: '/api/v1/admin/packs/missing', payload: { manifest: pack.manifest }, headers: t.headers });
    expect(asTerminal.statusCode).toBe(401);
    const run = await publishCli(folder(goodLibrary()), 'not-a-token');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/refused the admin token.*admin-token create/);
    const out: string[] = [];
    const noToken = await runCli(['publish', '--server', url, 'content/'], () => undefined, (l) => out.push(l), {});
    expect(noToken).toBe(2);
    expect(out.join('\n')).toMatch(/SHIFTLEARN_ADMIN_TOKEN/);
  });
});

describe('the starter library', () => {
  it('publishes in full, and a second publish uploads nothing', async () => {
    const first = await publishPack(packFrom('content'), { serverUrl: url, adminToken: s.adminToken });
    expect(first.lessons).toBeGreaterThanOrEqual(40);
    const again = await publishPack(packFrom('content'), { serverUrl: url, adminToken: s.adminToken });
    expect(again).toMatchObject({ uploaded: [], changed: 0, created: false });
  });
});
