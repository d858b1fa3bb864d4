import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseKeyEncryptionKey } from './issuer-key';

/**
 * The key that encrypts the issuer's private key at rest. SHIFTLEARN_CREDENTIAL_KEY wins (what
 * several servers sharing one PostgreSQL must all be given); otherwise a key file, created 0600 on
 * the first start, kept apart from the database so a database dump alone cannot sign credentials.
 */
export function loadCredentialKey(env: NodeJS.ProcessEnv, defaultFile: string): { key: Buffer; source: string } {
  if (env.SHIFTLEARN_CREDENTIAL_KEY) return { key: parseKeyEncryptionKey(env.SHIFTLEARN_CREDENTIAL_KEY), source: 'SHIFTLEARN_CREDENTIAL_KEY' };
  const file = env.SHIFTLEARN_CREDENTIAL_KEY_FILE || defaultFile;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  try {
    return { key: parseKeyEncryptionKey(readFileSync(file, 'utf8')), source: file };
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
}
