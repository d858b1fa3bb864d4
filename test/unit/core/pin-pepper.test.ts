import { afterEach, describe, expect, it } from 'vitest';
import { hashPin, keyPinHash, newPinPepper, pinMatches, PinPepperMissingError } from '../../../common/staff/pin-hash';
import { createKioskCore } from '../../../electron/core/kiosk-core';
import { loadPinPepper, savePinPepper } from '../../../electron/core/secrets/pin-pepper';
import { isSealed } from '../../../electron/core/secrets/secret-box';
import { openStore, type Store } from '../../../electron/core/store/open-store';
import { setStaffPinHash } from '../../../electron/core/supervisor/pin-repo';
import { demoConfigInput, kioskConfigSchema } from '../../../kiosk-config/schema';
import { fakeKeystore } from './fake-keystore';
import { FAST_PIN_COST } from './fast-pin-cost';
import { useTempDirs } from './temp-dir';

/** Issue 12 item 2, kiosk side: staff PIN hashes keyed with the site's pepper, the pepper sealed apart from them. */
const tempDir = useTempDirs();
const pepper = newPinPepper();

describe('keyed PIN hashes', () => {
  it('verify only with the site\'s pepper: without it the check refuses to run, with another site\'s pepper the right PIN is wrong', async () => {
    const keyedHash = keyPinHash(await hashPin('497215', { cost: FAST_PIN_COST }), pepper);
    expect(keyedHash).toMatch(/^scrypt-hmac\$1024\$8\$1\$/);
    expect(await pinMatches('497215', keyedHash, pepper)).toBe(true);
    expect(await pinMatches('497216', keyedHash, pepper)).toBe(false);
    expect(await pinMatches('497215', keyedHash, newPinPepper())).toBe(false);
    await expect(pinMatches('497215', keyedHash)).rejects.toBeInstanceOf(PinPepperMissingError);
    expect(() => keyPinHash(keyedHash, pepper)).toThrow(/keyed already/);
  });

  it('a plain hash (kiosk config diagnostics.pinHash, demo PINs) still verifies without a pepper', async () => {
    expect(await pinMatches('2468', await hashPin('2468', { cost: FAST_PIN_COST }))).toBe(true);
  });
});

describe('the pepper at rest on the terminal', () => {
  let store: Store;
  afterEach(() => store?.close());
  const stored = () => store.db.prepare("SELECT value FROM sync_state WHERE key = 'pin_pepper'").pluck().get() as string;

  it('is sealed with the OS keystore when the host has one, so a copy of the database does not hold it', () => {
    store = openStore(tempDir());
    const box = fakeKeystore('this-account');
    savePinPepper(store.db, pepper, box);
    expect(isSealed(stored())).toBe(true);
    expect(stored()).not.toContain(pepper);
    expect(loadPinPepper(store.db, box)).toBe(pepper);
    expect(loadPinPepper(store.db, fakeKeystore('another-machine'))).toBeNull();
    expect(loadPinPepper(store.db, undefined)).toBeNull();
  });

  it('stored plain on the web host (no keystore), it is sealed at the next read on a host with one', () => {
    store = openStore(tempDir());
    savePinPepper(store.db, pepper, undefined);
    expect(stored()).toBe(pepper);
    expect(loadPinPepper(store.db, fakeKeystore('this-account'))).toBe(pepper);
    expect(isSealed(stored())).toBe(true);
  });
});

describe('the PIN pad with a keyed staff PIN (core)', () => {
  const config = kioskConfigSchema.parse(demoConfigInput);
  const box = fakeKeystore('this-account');

  async function withCore<T>(dataDir: string, fn: (core: Awaited<ReturnType<typeof createKioskCore>>) => Promise<T>): Promise<T> {
    const core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST, secretBox: box });
    try {
      return await fn(core);
    } finally {
      await core.close();
    }
  }

  it('without the pepper the PIN pad says to sync (no wrong-PIN count); with it the right PIN opens the board', async () => {
    const dataDir = tempDir();
    await withCore(dataDir, async () => undefined);
    const seeded = openStore(dataDir);
    setStaffPinHash(seeded.db, 'demo-dana-kowalski', keyPinHash(await hashPin('497215', { cost: FAST_PIN_COST }), pepper), new Date());
    seeded.close();

    await withCore(dataDir, async (core) => {
      await core.tapBadge('1006');
      await expect(core.verifyPin('497215')).rejects.toMatchObject({ code: 'not-found', message: expect.stringMatching(/PIN key.*sync/) });
      expect((await core.getSnapshot()).staff?.lockedUntil).toBeNull();
    });

    const synced = openStore(dataDir);
    savePinPepper(synced.db, pepper, box);
    synced.close();

    await withCore(dataDir, async (core) => {
      await core.tapBadge('1006');
      expect(await core.verifyPin('2468')).toEqual({ outcome: 'wrong', attemptsLeft: 4 });
      expect(await core.verifyPin('497215')).toEqual({ outcome: 'ok' });
    });
  });
});
