import fs from 'node:fs';
import path from 'node:path';

/**
 * The app's version from the nearest package.json that names the app (compiled code sits under
 * dist-electron/, whose own package.json only marks the module type).
 */
export function appVersion(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name && pkg.version) return pkg.version;
    } catch {
      // no readable package.json here: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}
