import fs from 'node:fs';
import path from 'node:path';
import { lessonMediaHashes, lesson as lessonSchema, type Lesson } from '../common/contracts/lesson';
import { canonicalJson } from '../common/contracts/canonical-json';
import { PACK_FORMAT, packManifest, packVersionOf, type PackManifest } from '../common/contracts/content-pack';
import { readContentFolder } from './content-folder';
import { compileLibrary, DEFAULT_LANGUAGE, type CompiledLibrary } from './library';
import { sha256 } from './media';
import { ContentProblemsError, sortProblems, type Problem } from './problems';

export interface BuiltPack {
  manifest: PackManifest;
  lessons: Lesson[];
  /** Every file of the pack by its path inside the pack directory, manifest.json included. */
  files: Map<string, Buffer>;
}

export interface BuildOptions {
  defaultLanguage?: string;
}

/** Validates a content folder and returns every problem found (empty when it builds). */
export function checkContent(dir: string, options: BuildOptions = {}): Problem[] {
  return compileFolder(dir, options).problems;
}

/** Builds the pack for a content folder in memory; throws ContentProblemsError listing every problem. */
export function buildPack(dir: string, options: BuildOptions = {}): BuiltPack {
  const compiled = compileFolder(dir, options);
  if (compiled.problems.length > 0) throw new ContentProblemsError(compiled.problems);
  return assemblePack(compiled, options.defaultLanguage ?? DEFAULT_LANGUAGE);
}

function compileFolder(dir: string, options: BuildOptions): CompiledLibrary {
  const folder = readContentFolder(dir);
  const compiled = compileLibrary(folder.files, folder.readMedia, { ...options, contentLabel: dir.replace(/\/+$/, '') });
  return { ...compiled, problems: sortProblems([...folder.problems, ...compiled.problems]) };
}

export function assemblePack(compiled: Pick<CompiledLibrary, 'lessons' | 'media'>, defaultLanguage: string): BuiltPack {
  const files = new Map<string, Buffer>();
  const lessonEntries = compiled.lessons.map((l) => {
    const bytes = Buffer.from(canonicalJson(l), 'utf8');
    const hash = sha256(bytes);
    files.set(`lessons/${hash}.json`, bytes);
    return { id: l.id, language: l.language, version: l.version, title: l.title, sha256: hash };
  });
  const mediaEntries = compiled.media.map((m) => {
    files.set(`media/${m.sha256}`, m.bytes);
    return { sha256: m.sha256, size: m.bytes.length, mimeType: m.mimeType };
  });
  const body = { format: PACK_FORMAT, defaultLanguage, lessons: lessonEntries, media: mediaEntries };
  const manifest = packManifest.parse({ ...body, packVersion: packVersionOf(body) });
  files.set('manifest.json', Buffer.from(canonicalJson(manifest), 'utf8'));
  return { manifest, lessons: compiled.lessons, files };
}

/**
 * Writes the pack to `outDir` all at once: into a temporary sibling directory first, then renamed
 * into place, so a reader never sees half a pack. Refuses to replace a directory that is not a pack
 * (a mistyped --out must not wipe lessons).
 */
export function writePack(pack: BuiltPack, outDir: string): void {
  const out = path.resolve(outDir);
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0 && !fs.existsSync(path.join(out, 'manifest.json'))) {
    throw new Error(`refusing to replace ${outDir}: it is not empty and holds no manifest.json. Fix: choose an empty or new --out folder`);
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(path.dirname(out), `.${path.basename(out)}.tmp-`));
  try {
    fs.mkdirSync(path.join(tmp, 'lessons'));
    fs.mkdirSync(path.join(tmp, 'media'));
    for (const [rel, bytes] of [...pack.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      fs.writeFileSync(path.join(tmp, rel), bytes);
    }
    if (fs.existsSync(out)) {
      const old = `${tmp}-old`;
      fs.renameSync(out, old);
      fs.renameSync(tmp, out);
      fs.rmSync(old, { recursive: true, force: true });
    } else {
      fs.renameSync(tmp, out);
    }
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

export class PackIntegrityError extends Error {
  constructor(readonly packDir: string, readonly problems: string[]) {
    super(`pack ${packDir} is damaged (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.join('\n')}\nFix: rebuild or download the pack again`);
    this.name = 'PackIntegrityError';
  }
}

/** Reads a pack directory and verifies every hash; throws PackIntegrityError listing every mismatch. */
export function loadPack(packDir: string): { manifest: PackManifest; lessons: Lesson[] } {
  const problems: string[] = [];
  const read = (rel: string): Buffer | null => {
    try {
      return fs.readFileSync(path.join(packDir, rel));
    } catch {
      problems.push(`${rel} is missing`);
      return null;
    }
  };
  const manifestBytes = read('manifest.json');
  if (!manifestBytes) throw new PackIntegrityError(packDir, problems);
  const parsed = packManifest.safeParse(parseJson(manifestBytes));
  if (!parsed.success) {
    throw new PackIntegrityError(packDir, parsed.error.issues.map((i) => `manifest.json ${i.path.join('.')}: ${i.message}`));
  }
  const manifest = parsed.data;
  if (packVersionOf(manifest) !== manifest.packVersion) problems.push('manifest.json packVersion does not match its contents');

  const mediaHashes = new Set<string>();
  for (const m of manifest.media) {
    const bytes = read(`media/${m.sha256}`);
    if (!bytes) continue;
    if (sha256(bytes) !== m.sha256) problems.push(`media/${m.sha256} does not match its hash`);
    else if (bytes.length !== m.size) problems.push(`media/${m.sha256} is ${bytes.length} bytes, the manifest says ${m.size}`);
    else mediaHashes.add(m.sha256);
  }

  const lessons: Lesson[] = [];
  for (const entry of manifest.lessons) {
    const rel = `lessons/${entry.sha256}.json`;
    const bytes = read(rel);
    if (!bytes) continue;
    if (sha256(bytes) !== entry.sha256) {
      problems.push(`${rel} does not match its hash`);
      continue;
    }
    const result = lessonSchema.safeParse(parseJson(bytes));
    if (!result.success) {
      problems.push(`${rel} is not a valid lesson: ${result.error.issues[0].path.join('.')} ${result.error.issues[0].message}`);
      continue;
    }
    const l = result.data;
    if (l.id !== entry.id || l.language !== entry.language || l.version !== entry.version || l.title !== entry.title) {
      problems.push(`${rel} is ${l.id}/${l.language} v${l.version}, the manifest says ${entry.id}/${entry.language} v${entry.version}`);
    }
    for (const hash of lessonMediaHashes(l)) {
      if (!manifest.media.some((m) => m.sha256 === hash)) problems.push(`${rel} uses media ${hash}, which the manifest does not list`);
    }
    lessons.push(l);
  }
  if (problems.length > 0) throw new PackIntegrityError(packDir, problems);
  return { manifest, lessons };
}

/** JSON that fails to parse becomes undefined, which the zod schema then reports. */
function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}
