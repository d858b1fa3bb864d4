import { describe, expect, it, beforeAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPack, loadPack, writePack, PackIntegrityError } from '../../../content-pack/pack';
import { main } from '../../../content-pack/cli';
import { sha256 } from '../../../content-pack/media';
import { goodLibrary, writeContentFolder, SVG_WARM_MS, warmSvgCheck } from './fixtures';

beforeAll(warmSvgCheck, SVG_WARM_MS);

function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else out.set(child, fs.readFileSync(path.join(dir, child)).toString('base64'));
    }
  };
  walk('');
  return out;
}

const tempOut = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shiftlearn-pack-')), 'pack');

describe('content pack build', () => {
  it('builds byte-identical packs from the same content, even from a fresh copy', () => {
    const first = tempOut();
    const second = tempOut();
    writePack(buildPack(writeContentFolder(goodLibrary())), first);
    writePack(buildPack(writeContentFolder(goodLibrary())), second);
    const a = readTree(first);
    expect(a.size).toBe(4); // manifest, two lessons, one medium
    expect(readTree(second)).toEqual(a);
  });

  it('gives a new pack version when a lesson changes', () => {
    const files = goodLibrary();
    const before = buildPack(writeContentFolder(files)).manifest.packVersion;
    files['lessons/area/demo.es.md'] = files['lessons/area/demo.es.md'].replace('version: 1', 'version: 2');
    expect(buildPack(writeContentFolder(files)).manifest.packVersion).not.toBe(before);
  });

  it('addresses lessons and media by the hash of their bytes and rewrites media paths to hashes', () => {
    const pack = buildPack(writeContentFolder(goodLibrary()));
    const svgHash = pack.manifest.media[0].sha256;
    expect(pack.manifest.media).toEqual([{ sha256: svgHash, size: pack.files.get(`media/${svgHash}`)!.length, mimeType: 'image/svg+xml' }]);
    for (const entry of pack.manifest.lessons) expect(sha256(pack.files.get(`lessons/${entry.sha256}.json`)!)).toBe(entry.sha256);
    const en = pack.lessons.find((l) => l.language === 'en')!;
    expect(en.cards.map((c) => c.kind)).toEqual(['text', 'image', 'check']);
    expect(en.cards[0]).toMatchObject({ kind: 'text', markdown: `Machines store energy.\n![Lock](media:${svgHash})` });
    expect(en.cards[2]).toMatchObject({
      kind: 'check', itemId: 'demo-who', mode: 'single', explanation: 'Your lock protects you.',
      options: [{ id: 'a', text: 'Only you', correct: true, feedback: 'Right.' }, { id: 'b', text: 'Your supervisor', correct: false, feedback: 'No.' }],
    });
  });

  it('loads a written pack back into the same lessons', () => {
    const out = tempOut();
    const pack = buildPack(writeContentFolder(goodLibrary()));
    writePack(pack, out);
    const loaded = loadPack(out);
    expect(loaded.manifest).toEqual(pack.manifest);
    expect(loaded.lessons).toEqual(pack.lessons);
  });

  it('rejects a pack whose lesson or media file was tampered with, naming the file', () => {
    const out = tempOut();
    const pack = buildPack(writeContentFolder(goodLibrary()));
    writePack(pack, out);
    const lessonFile = `lessons/${pack.manifest.lessons[0].sha256}.json`;
    const full = path.join(out, lessonFile);
    fs.writeFileSync(full, fs.readFileSync(full, 'utf8').replace('Demo lesson', 'Hacked lesson'));
    const mediaFile = path.join(out, `media/${pack.manifest.media[0].sha256}`);
    fs.appendFileSync(mediaFile, '<!-- x -->');
    try {
      loadPack(out);
      expect.unreachable('a tampered pack must not load');
    } catch (err) {
      expect(err).toBeInstanceOf(PackIntegrityError);
      expect((err as PackIntegrityError).problems).toEqual([
        `media/${pack.manifest.media[0].sha256} does not match its hash`,
        `${lessonFile} does not match its hash`,
      ]);
    }
  });

  it('rejects a manifest edited without updating its pack version', () => {
    const out = tempOut();
    writePack(buildPack(writeContentFolder(goodLibrary())), out);
    const manifestPath = path.join(out, 'manifest.json');
    fs.writeFileSync(manifestPath, fs.readFileSync(manifestPath, 'utf8').replace('"title": "Demo lesson"', '"title": "Other"'));
    expect(() => loadPack(out)).toThrow(/packVersion does not match/);
  });

  it('replaces an existing pack but refuses to overwrite a folder that is not a pack', () => {
    const out = tempOut();
    const pack = buildPack(writeContentFolder(goodLibrary()));
    writePack(pack, out);
    fs.writeFileSync(path.join(out, 'stale.txt'), 'old');
    writePack(pack, out);
    expect(fs.existsSync(path.join(out, 'stale.txt'))).toBe(false);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['pack']); // no temp dirs left behind

    const content = writeContentFolder(goodLibrary());
    expect(() => writePack(pack, content)).toThrow(/refusing to replace/);
    expect(fs.existsSync(path.join(content, 'lessons/area/demo.en.md'))).toBe(true);
  });

  it('cli: build writes the pack; problems are printed one per line and nothing is written', () => {
    const out = tempOut();
    const log: string[] = [];
    const errors: string[] = [];
    expect(main(['build', writeContentFolder(goodLibrary()), '--out', out], (s) => log.push(s), (s) => errors.push(s))).toBe(0);
    expect(log[0]).toMatch(/^Built pack [0-9a-f]{12} in .*: 2 lessons \(en, es\), 1 media files$/);
    expect(fs.existsSync(path.join(out, 'manifest.json'))).toBe(true);

    const badOut = tempOut();
    const bad = { ...goodLibrary(), 'lessons/area/demo.en.md': goodLibrary()['lessons/area/demo.en.md'].replace('duration: 3', 'duration: 30') };
    expect(main(['build', writeContentFolder(bad), '--out', badOut], () => {}, (s) => errors.push(s))).toBe(1);
    expect(errors[0]).toMatch(/demo\.en\.md:6: duration 30 is outside 1-10 minutes\. Fix: /);
    expect(errors.at(-1)).toMatch(/1 problem in 1 file; no pack was written/);
    expect(fs.existsSync(badOut)).toBe(false);
  });
});
