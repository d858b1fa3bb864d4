import fs from 'node:fs';
import path from 'node:path';

/**
 * The data dir holds the terminal's bearer credential, full badge ids and PIN hashes, and the logs:
 * on POSIX it is made private to the kiosk account at every start (group and other lose every bit:
 * folders 0700, files 0600), repairing what an older version, a restore or a hand-made folder left
 * open. Returns what could not be enforced, for the event log (which the diagnostics screen shows).
 */
export function protectDataDir(dataDir: string, platform: NodeJS.Platform = process.platform): string[] {
  if (platform === 'win32') {
    return [`${dataDir}: folder permissions are not checked on Windows. Fix: let only the kiosk account (and administrators) read this folder (Properties > Security).`];
  }
  const warnings: string[] = [];
  // Takes group and other bits away and leaves the owner's as they are.
  const makePrivate = (entry: string) => {
    try {
      const stat = fs.lstatSync(entry);
      if (stat.isSymbolicLink()) return;
      if (stat.mode & 0o077) fs.chmodSync(entry, stat.mode & 0o700);
      if (stat.isDirectory()) for (const name of fs.readdirSync(entry)) makePrivate(path.join(entry, name));
    } catch (err) {
      warnings.push(
        `${entry} could not be made private to the kiosk account (${(err as Error).message}). Fix: chown it to the kiosk account, then chmod 700 for folders and 600 for files.`,
      );
    }
  };
  makePrivate(dataDir);
  return warnings;
}
