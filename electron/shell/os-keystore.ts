import type { SafeStorage } from 'electron';
import type { SecretBox } from '../core/secrets/secret-box';

/**
 * The OS keystore for the kiosk core's secrets, or none when this machine has no real one. On Linux
 * without a keyring Electron falls back to a hard-coded password ('basic_text'): that is no
 * protection, so the secret stays plain and relies on the private data dir, as in the web host.
 */
export function osKeystore(safeStorage: SafeStorage, platform: NodeJS.Platform = process.platform): SecretBox | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return undefined;
  return { encrypt: (plain) => safeStorage.encryptString(plain), decrypt: (sealed) => safeStorage.decryptString(sealed) };
}
