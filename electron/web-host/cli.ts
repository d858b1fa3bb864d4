import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createKioskCore } from '../core/kiosk-core';
import { ConfigError, loadKioskConfig } from '../../kiosk-config/load';
import { startWebHost } from './server';

/**
 * `npm run kiosk:web -- [--port <p>] [--data-dir <dir>] [--config <file>]`: the kiosk in a browser.
 * Point `chromium --kiosk` at the printed URL for a Chromium kiosk terminal.
 */

const usage = 'Usage: npm run kiosk:web -- [--port <port>] [--data-dir <dir>] [--config <file>]   (--data-dir defaults to the config\'s dataDir)';
const repoRoot = path.resolve(__dirname, '../..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8377' },
      'data-dir': { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port ${values.port} is not a TCP port. Fix: pass a number from 1 to 65535, or 0 for any free port.\n${usage}`);
  }
  // loadKioskConfig reads --config (or SHIFTLEARN_CONFIG, or the OS default locations) itself.
  const { config, source } = loadKioskConfig();
  const dataDir = path.resolve(values['data-dir'] ?? config.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  console.log(`Shiftlearn kiosk: config ${source}; data in ${dataDir}`);

  const core = await createKioskCore({ config: { ...config, dataDir }, dataDir, configSource: source });
  const host = await startWebHost({ core, port, rendererDir: path.join(repoRoot, 'dist', 'renderer') });
  console.log(`Shiftlearn kiosk on ${host.url}  (open with: chromium --kiosk ${host.url})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Shiftlearn kiosk: ${signal}, shutting down`);
    try {
      await host.close();
      await core.close();
      process.exit(0);
    } catch (err) {
      console.error(`Shiftlearn kiosk: shutdown failed: ${(err as Error).message}`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) console.error(`Shiftlearn kiosk could not start: the kiosk config has problems:\n${err.lines.join('\n')}`);
  else console.error(`Shiftlearn kiosk could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
