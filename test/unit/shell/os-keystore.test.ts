import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { osKeystore } from '../../../electron/shell/os-keystore';

function fakeSafeStorage(available: boolean, backend = 'gnome_libsecret') {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain: string) => Buffer.from(`sealed:${plain}`),
    decryptString: (sealed: Buffer) => sealed.toString().replace(/^sealed:/, ''),
  } as any;
}

describe('OS keystore for the kiosk core', () => {
  it('seals and opens with Electron safeStorage where the OS has a keystore', () => {
    const box = osKeystore(fakeSafeStorage(true), 'linux')!;
    expect(box.encrypt('secret').toString()).toBe('sealed:secret');
    expect(box.decrypt(Buffer.from('sealed:secret'))).toBe('secret');
    expect(osKeystore(fakeSafeStorage(true, 'unknown'), 'win32')).toBeDefined();
  });

  it('offers none without a keystore, or on Linux with only the hard-coded-password fallback', () => {
    expect(osKeystore(fakeSafeStorage(false), 'darwin')).toBeUndefined();
    expect(osKeystore(fakeSafeStorage(true, 'basic_text'), 'linux')).toBeUndefined();
  });
});
