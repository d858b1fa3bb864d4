/**
 * Encryption of secrets at rest with the OS keystore. The Electron shell passes one backed by
 * `safeStorage` (DPAPI, Keychain, libsecret/kwallet); the web host runs in plain Node, has none, and
 * relies on the private data dir alone (build/README.md). A stored secret says how it was written,
 * so a terminal that gains a keystore seals its plain secret at the next read.
 */
export interface SecretBox {
  encrypt(plain: string): Buffer;
  decrypt(sealed: Buffer): string;
}

const sealedPrefix = 'os-keystore:v1:';

export function sealSecret(plain: string, box: SecretBox | undefined): string {
  return box ? sealedPrefix + box.encrypt(plain).toString('base64') : plain;
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(sealedPrefix);
}

/** The plain secret, or null when it is sealed and this host cannot open it (no keystore, another account or machine). */
export function openSecret(stored: string, box: SecretBox | undefined): string | null {
  if (!isSealed(stored)) return stored;
  if (!box) return null;
  try {
    return box.decrypt(Buffer.from(stored.slice(sealedPrefix.length), 'base64'));
  } catch {
    return null;
  }
}
