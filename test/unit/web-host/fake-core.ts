import type { KioskCoreHandle, KioskSnapshot } from '../../../common/contracts/kiosk-api';
import { validatedApi } from '../../../electron/core/api/validated-api';

/**
 * A KioskCoreHandle that records calls and lets a test push snapshots and serve media files. Its calls
 * check their arguments as the real core's do (validatedApi), so a refused call is never recorded.
 */
export function fakeCore(opts: { media?: Record<string, { path: string; type: string }> } = {}) {
  const listeners = new Set<(s: KioskSnapshot) => void>();
  const calls: { name: string; args: unknown[] }[] = [];
  const station0 = 'press-line-4';
  let current = snapshot(station0);
  const record =
    <T>(name: string, result: T) =>
    async (...args: unknown[]) => {
      calls.push({ name, args });
      return result;
    };
  const api = validatedApi({
    getSnapshot: async () => current,
    tapBadge: record('tapBadge', { outcome: 'signed-in', workerId: 'w1' } as const),
    reportActivity: record('reportActivity', undefined),
    signOut: record('signOut', undefined),
    startLesson: async (lessonId: string) => {
      calls.push({ name: 'startLesson', args: [lessonId] });
      throw Object.assign(new Error(`Lesson ${lessonId} is not in the local store.`), { code: 'not-found' });
    },
    saveProgress: record('saveProgress', undefined),
    recordAnswer: record('recordAnswer', undefined),
    completeLesson: record('completeLesson', { completionId: 'c1', lessonId: 'l1', score: 1, passed: true }),
    logEvent: record('logEvent', undefined),
    startReview: record('startReview', { items: [] }),
    completeReview: record('completeReview', { completionId: 'r1', lessonId: 'review', score: 1, passed: null }),
    verifyPin: record('verifyPin', { outcome: 'wrong', attemptsLeft: 4 } as const),
    getStationBoard: record('getStationBoard', { station: { id: station0, name: station0 }, generatedAt: '', workers: [], summary: { counts: { done: 0, 'due-soon': 0, overdue: 0, failed: 0, 'never-started': 0 }, total: 0, completionPercent: 100 } }),
    getWorkerDetail: record('getWorkerDetail', { workerId: 'w1', displayName: 'W', employeeId: 'E1', roles: [], stations: [], lastActivityAt: null, lessons: [] }),
    openDiagnostics: record('openDiagnostics', undefined),
    getDiagnostics: async () => {
      throw Object.assign(new Error('Diagnostics needs the site-IT PIN.'), { code: 'bad-request' });
    },
    exitKiosk: record('exitKiosk', { outcome: 'exiting', appWillQuit: false } as const),
    requeueQuarantined: record('requeueQuarantined', { requeued: 0 }),
    clearPinLockouts: record('clearPinLockouts', { cleared: 0 }),
    getMyTraining: record('getMyTraining', { certifications: [], recent: [] }),
  });
  const core: KioskCoreHandle = {
    ...api,
    onSnapshot(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    mediaPath: (sha) => opts.media?.[sha]?.path ?? null,
    mediaType: (sha) => opts.media?.[sha]?.type ?? null,
    close: async () => {},
  };
  return {
    core,
    calls,
    listenerCount: () => listeners.size,
    push(station: string) {
      current = snapshot(station);
      for (const l of listeners) l(current);
    },
  };
}

export function snapshot(station: string): KioskSnapshot {
  return {
    status: 'ready',
    error: null,
    terminal: { site: 'plant-2', siteName: 'Plant 2', station, stationName: station, demo: true, language: 'en', idleTimeoutSeconds: 60, resumeWindowSeconds: 600 },
    reader: { mode: 'wedge', state: 'listening', lastReadAt: null },
    session: null,
    notice: null,
    wedge: { maxInterKeyMs: 50, minLength: 3, maxLength: 32 },
  };
}
