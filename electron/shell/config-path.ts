import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the Electron kiosk reads its terminal config: `--config <file>` on the command line, else
 * SHIFTLEARN_CONFIG, else kiosk-config.yaml/.yml/.json in the app's user-data folder; none at all
 * means the demo terminal.
 */
export function findConfigFile(argv: readonly string[], env: NodeJS.ProcessEnv, userDataDir: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--config' && argv[i + 1]) return argv[i + 1];
    if (argv[i].startsWith('--config=')) return argv[i].slice('--config='.length);
  }
  if (env.SHIFTLEARN_CONFIG) return env.SHIFTLEARN_CONFIG;
  return ['kiosk-config.yaml', 'kiosk-config.yml', 'kiosk-config.json']
    .map((name) => path.join(userDataDir, name))
    .find((file) => fs.existsSync(file));
}
