import fs from 'node:fs';
import path from 'node:path';

/**
 * Finds a folder shipped with the app (e.g. `migrations`) by walking up from this module. The same code
 * runs from source (tsx, vitest) and compiled into dist-electron/, which sit at different depths.
 */
export function findAssetDir(relative: string, marker: string, from: string = __dirname): string | null {
  let dir = from;
  for (;;) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(path.join(candidate, marker))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}
