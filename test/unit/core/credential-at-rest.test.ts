import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../electron/core/store/open-store';
import { loadIdentity, saveIdentity } from '../../../electron/core/sync/terminal-identity';
import { fakeKeystore } from './fake-keystore';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();
const credential = 'c'.repeat(24) + 'SECRET-PART-1234';
const enrolled = { terminalId: '0b9c3a8e-1c1f-4a57-9a53-1d8a6f0f6c11', credential, site: { id: 'plant-2', name: 'Plant 2' }, station: { id: 'press-4', name: 'Press 4' } };

describe('terminal credential at rest', () => {
  let store: Store;
  const storedColumn = () => store.db.prepare('SELECT credential FROM terminal_credential WHERE id = 1').pluck().get() as string;

  beforeEach(() => {
    store = openStore(tempDir());
  });
  afterEach(() => store.close());

  it('is sealed with the OS keystore when the host has one, and read back in plain for the server', () => {
    const box = fakeKeystore('this-account');
    saveIdentity(store.db, enrolled, 'code-hash', new Date(), box);
    expect(storedColumn()).toMatch(/^os-keystore:v1:/);
    expect(storedColumn()).not.toContain('SECRET-PART');
    expect(loadIdentity(store.db, box)).toMatchObject({ credential, rejectedReason: null });
  });

  it('stored plain by an earlier version (or the web host), it is sealed at the next read on a host with a keystore', () => {
    saveIdentity(store.db, enrolled, 'code-hash', new Date());
    expect(storedColumn()).toBe(credential);
    const box = fakeKeystore('this-account');
    expect(loadIdentity(store.db, box)).toMatchObject({ credential });
    expect(storedColumn()).toMatch(/^os-keystore:v1:/);
  });

  it('sealed by another keystore (or read without one), it is not sent anywhere: the terminal asks for re-enrollment', () => {
    saveIdentity(store.db, enrolled, 'code-hash', new Date(), fakeKeystore('other-account'));
    for (const box of [fakeKeystore('this-account'), undefined]) {
      expect(loadIdentity(store.db, box)).toMatchObject({ credential: '', rejectedReason: expect.stringMatching(/cannot open now .*put a new enrollment code in the terminal config/) });
    }
  });
});
