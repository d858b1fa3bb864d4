import { kioskCalls, type KioskApi, type KioskCallName, type KioskSnapshot, type KioskTransport, type LessonSummary } from '../../../common/contracts/kiosk-api';
import type { Lesson } from '../../../common/contracts/lesson';
import { gradeAnswers, scoreLesson } from '../../../common/grading/lesson-grading';

export const baseSnapshot: KioskSnapshot = {
  status: 'ready',
  error: null,
  terminal: { site: 'plant-2', siteName: 'Plant 2', station: 'press-line-4', stationName: 'Press line 4', demo: true, language: 'en', idleTimeoutSeconds: 60, resumeWindowSeconds: 600 },
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
      attempt: null,
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

type Calls = { [K in KioskCallName]: Parameters<KioskApi[K]>[] };
type Replies = { [K in KioskCallName]?: KioskApi[K] };

/**
 * A transport that records every call and lets the test push snapshots. Every call of the contract
 * exists (taken from kioskCalls, so a new call needs no edit here); calls without a reply below
 * resolve to undefined.
 */
export function fakeTransport(resumeCardIndex = 0) {
  const replies: Replies = {
    getSnapshot: async () => baseSnapshot,
    tapBadge: async () => ({ outcome: 'signed-in', workerId: 'w-1001' }),
    startLesson: async () => ({ lesson, resumeCardIndex, completionId: crypto.randomUUID(), answers: [] }),
    // scored as the core scores: from the answers sent, first answer per check
    completeLesson: async (a) => ({ completionId: 'c-1', lessonId: a.lessonId, ...scoreLesson(lesson, gradeAnswers(lesson, a.answers)) }),
    startReview: async () => ({ items: [] }),
    completeReview: async () => ({ completionId: 'r-1', lessonId: 'review', score: 1, passed: null }),
  };
  const names = Object.keys(kioskCalls) as KioskCallName[];
  const calls = Object.fromEntries(names.map((name) => [name, []])) as unknown as Calls;
  const api = Object.fromEntries(
    names.map((name) => [
      name,
      async (...args: unknown[]) => {
        (calls[name] as unknown[][]).push(args);
        const reply = replies[name] as ((...a: unknown[]) => Promise<unknown>) | undefined;
        return reply ? reply(...args) : undefined;
      },
    ]),
  ) as unknown as KioskApi;
  const listeners = new Set<(s: KioskSnapshot) => void>();
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
