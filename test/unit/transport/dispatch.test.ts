import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kioskCalls, type KioskCoreHandle, type KioskSnapshot } from '../../../common/contracts/kiosk-api';
import { unavailableCore } from '../../../electron/core/api/unavailable-core';
import { createKioskCore } from '../../../electron/core/kiosk-core';
import { DB_FILE_NAME } from '../../../electron/core/store/open-store';
import { StoreOpenError } from '../../../electron/core/store/store-open-error';
import { dispatchKioskCall } from '../../../electron/transport/dispatch';
import { demoConfigInput, kioskConfigSchema } from '../../../kiosk-config/schema';
import { FAST_PIN_COST } from '../core/fast-pin-cost';
import { useTempDirs } from '../core/temp-dir';
import { snapshot } from '../web-host/fake-core';

const tempDir = useTempDirs();
const config = kioskConfigSchema.parse(demoConfigInput);

describe('a kiosk call through the shared dispatch to the real core', () => {
  let core: KioskCoreHandle;
  let dataDir: string;
  const events = () => {
    const db = new Database(path.join(dataDir, DB_FILE_NAME), { readonly: true });
    const rows = db.prepare("SELECT kind, detail FROM events WHERE kind = 'call-rejected'").all();
    db.close();
    return rows;
  };

  beforeEach(async () => {
    dataDir = tempDir();
    core = await createKioskCore({ config, dataDir, pinHashCost: FAST_PIN_COST });
  });
  afterEach(() => core.close());

  it('has its arguments checked once, by the core: one message with the path and the fix, one call-rejected event', async () => {
    const outcome = await dispatchKioskCall(core, 'saveProgress', [{ lessonId: 'l1', cardIndex: -1 }]);
    expect(outcome).toEqual({
      ok: false,
      error: {
        code: 'bad-request',
        message:
          'Bad arguments for kiosk call "saveProgress": args[0].cardIndex: Too small: expected number to be >=0. ' +
          'Fix: send the argument list kioskCalls.saveProgress in common/contracts/kiosk-api.ts describes.',
      },
    });
    expect(events()).toEqual([{ kind: 'call-rejected', detail: 'saveProgress: args[0].cardIndex: Too small: expected number to be >=0' }]);
  });

  it('refuses an argument list that is not a list before the core, and a name outside the contract', async () => {
    expect(await dispatchKioskCall(core, 'signOut', { 0: 'x' })).toMatchObject({ ok: false, error: { code: 'bad-request', message: 'Kiosk call "signOut" takes its arguments as a list: send [] for none.' } });
    expect(await dispatchKioskCall(core, 'close', [])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(events()).toEqual([]);
  });

  it('runs a valid call', async () => {
    expect(await dispatchKioskCall(core, 'tapBadge', ['1001'])).toMatchObject({ ok: true, value: { outcome: 'signed-in' } });
  });
});

describe('a core that could not start', () => {
  const base: KioskSnapshot = snapshot('press-line-4');
  const broken = unavailableCore(base, new StoreOpenError({ title: 'The kiosk database is locked', detail: 'Another kiosk holds it.', fix: 'Close the other kiosk window.' }));

  it('shows the error and refuses every other call of the contract as unavailable, naming the fix', async () => {
    expect(await broken.getSnapshot()).toMatchObject({ status: 'error', error: { title: 'The kiosk database is locked', fix: 'Close the other kiosk window.' } });
    const others = Object.keys(kioskCalls).filter((name) => name !== 'getSnapshot');
    expect(others).toHaveLength(Object.keys(kioskCalls).length - 1);
    for (const name of others) {
      expect(await dispatchKioskCall(broken, name, [])).toEqual({
        ok: false,
        error: { code: 'unavailable', message: 'The kiosk database is locked. Close the other kiosk window.' },
      });
    }
  });
});
