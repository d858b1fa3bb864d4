import type { KioskApi, KioskSnapshot, KioskTransport, LessonSummary } from '../../../common/contracts/kiosk-api';
import type { Lesson } from '../../../common/contracts/lesson';

export const baseSnapshot: KioskSnapshot = {
  status: 'ready',
  error: null,
  terminal: { site: 'Plant 2', station: 'press-line-4', stationName: 'Press line 4', demo: true, language: 'en', idleTimeoutSeconds: 60 },
  reader: { mode: 'wedge', state: 'listening', lastReadAt: null },
  session: null,
  notice: null,
  wedge: { maxInterKeyMs: 50, minLength: 3, maxLength: 32 },
};

export const nextLesson: LessonSummary = {
  id: 'lockout-basics',
  version: 1,
  title: 'Lockout basics',
  summary: 'Lock the press before you reach in.',
  durationMinutes: 3,
  language: 'en',
  reason: 'Required for your station',
  reasonCode: 'required',
};

export function signedIn(workerId = 'w-1001', firstName = 'Ana', language = 'en'): KioskSnapshot {
  return {
    ...baseSnapshot,
    session: {
      worker: { id: workerId, employeeId: 'E' + workerId, firstName, displayName: `${firstName} Example`, language, roles: [] },
      next: nextLesson,
      alternatives: [],
      startedAt: '2026-11-25T10:00:00.000Z',
      caughtUp: false,
      review: null,
    },
  };
}

export const lesson: Lesson = {
  id: 'lockout-basics',
  version: 1,
  language: 'en',
  title: 'Lockout basics',
  summary: '',
  durationMinutes: 3,
  skills: [],
  roles: [],
  stations: [],
  prerequisites: [],
  recertifyAfterDays: null,
  tags: [],
  cards: [
    { kind: 'text', id: 'intro', markdown: 'Lock **before** you reach in.' },
    {
      kind: 'check',
      id: 'q1',
      itemId: 'item-lock',
      mode: 'single',
      question: 'When do you lock out?',
      options: [
        { id: 'a', text: 'Before reaching in', correct: true, feedback: 'Yes.' },
        { id: 'b', text: 'After', correct: false, feedback: 'Too late.' },
      ],
      explanation: 'Energy must be isolated first.',
    },
    {
      kind: 'check',
      id: 'q2',
      itemId: 'item-ppe',
      mode: 'multiple',
      question: 'Which do you wear?',
      options: [
        { id: 'g', text: 'Gloves', correct: true },
        { id: 'e', text: 'Eye protection', correct: true },
        { id: 's', text: 'Sandals', correct: false },
      ],
    },
  ],
};

type Calls = { [K in keyof KioskApi]: Parameters<KioskApi[K]>[] };

/** A transport that records every call and lets the test push snapshots. */
export function fakeTransport(resumeCardIndex = 0) {
  const calls: Calls = {
    getSnapshot: [], tapBadge: [], reportActivity: [], signOut: [], startLesson: [],
    saveProgress: [], recordAnswer: [], completeLesson: [], logEvent: [], startReview: [], completeReview: [],
  };
  const listeners = new Set<(s: KioskSnapshot) => void>();
  const api: KioskApi = {
    getSnapshot: async (...a) => (calls.getSnapshot.push(a), baseSnapshot),
    tapBadge: async (...a) => (calls.tapBadge.push(a), { outcome: 'signed-in', workerId: 'w-1001' }),
    reportActivity: async (...a) => void calls.reportActivity.push(a),
    signOut: async (...a) => void calls.signOut.push(a),
    startLesson: async (...a) => (calls.startLesson.push(a), { lesson, resumeCardIndex }),
    saveProgress: async (...a) => void calls.saveProgress.push(a),
    recordAnswer: async (...a) => void calls.recordAnswer.push(a),
    completeLesson: async (...a) => {
      calls.completeLesson.push(a);
      return { completionId: 'c-1', lessonId: a[0].lessonId, score: a[0].score, passed: null };
    },
    logEvent: async (...a) => void calls.logEvent.push(a),
    startReview: async (...a) => (calls.startReview.push(a), { items: [] }),
    completeReview: async (...a) => (calls.completeReview.push(a), { completionId: 'r-1', lessonId: 'review', score: 1, passed: null }),
  };
  const transport: KioskTransport = {
    api,
    onSnapshot(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    mediaUrl: (sha) => `/media/${sha}`,
  };
  return { transport, calls, push: (s: KioskSnapshot) => listeners.forEach((l) => l(s)) };
}
