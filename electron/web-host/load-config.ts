import fs from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { demoConfigInput, kioskConfigSchema, type KioskConfig } from '../../kiosk-config/schema';

/**
 * Interim terminal-config loading for the two hosts until kiosk-config/load.ts lands (then both
 * hosts call that instead). No file means the demo terminal, as a fresh `npm start` promises.
 */
export function loadKioskConfigFile(file: string | undefined): KioskConfig {
  if (!file) return kioskConfigSchema.parse(demoConfigInput);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read the kiosk config ${file}: ${(err as Error).message}. Fix: check the path passed with --config.`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new Error(`The kiosk config ${file} is not valid YAML/JSON: ${(err as Error).message}`);
  }
  const parsed = kioskConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(top level)'}: ${i.message}`).join('\n');
    throw new Error(`The kiosk config ${file} is invalid:\n${problems}\nFix the fields above (npm run kiosk-config -- validate ${file}).`);
  }
  return parsed.data;
}
