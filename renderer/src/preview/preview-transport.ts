import type { AnswerRecord, KioskSnapshot, KioskTransport } from '../../../common/contracts/kiosk-api';
import { previewLesson } from '../../../common/contracts/content-preview';
import { gradeAnswers, scoreLesson } from '../../../common/grading/lesson-grading';
import type { Lesson } from '../../../common/contracts/lesson';
import { apiFromCall, KioskCallFailed } from '../transport/api-from-call';

/**
 * The kiosk transport of the preview player: a trainer is "signed in" as a preview worker in the
 * chosen language, the one lesson on offer is the one being previewed, and nothing is recorded. The
 * lesson comes from `npm run content -- preview` as the build compiled it; the card the author was
 * on survives a reload (sessionStorage), so saving a file does not send them back to card 1.
 */

export interface PreviewTarget {
  lessonId: string;
  language: string;
}

const worker = (language: string) => ({ id: 'preview', employeeId: 'PREVIEW', firstName: 'Trainer', displayName: 'Trainer (preview)', language, roles: [] });

export function createPreviewTransport(target: PreviewTarget, storage: Storage = window.sessionStorage): KioskTransport {
  const progressKey = `shiftlearn-preview:${target.lessonId}:${target.language}`;
  let lesson: Lesson | null = null;
  let answers: AnswerRecord[] = [];

  const load = async (): Promise<Lesson> => {
    const query = new URLSearchParams({ id: target.lessonId, language: target.language });
    const res = await fetch(`preview/lesson?${query}`);
    if (!res.ok) throw new KioskCallFailed(`The preview server answered ${res.status}; is npm run content -- preview still running?`, 'unavailable');
    const body = previewLesson.parse(await res.json());
    if (!body.lesson) throw new KioskCallFailed(`Lesson "${target.lessonId}" cannot be built yet: fix the problems listed next to the player.`, 'not-found');
    lesson = body.lesson;
    return lesson;
  };

  const snapshot = (): KioskSnapshot => ({
    status: 'ready',
    error: null,
    terminal: { site: 'preview', siteName: 'Preview', station: 'preview', stationName: 'Preview', demo: false, language: 'en', idleTimeoutSeconds: 3600, resumeWindowSeconds: 0 },
    reader: { mode: 'wedge', state: 'listening', lastReadAt: null },
    session: {
      worker: worker(target.language),
      next: lesson && {
        id: lesson.id, version: lesson.version, title: lesson.title, summary: lesson.summary, durationMinutes: lesson.durationMinutes,
        language: lesson.language, reason: 'Preview', reasonCode: 'preview',
      },
      alternatives: [],
      startedAt: new Date(0).toISOString(),
      caughtUp: false,
      review: null,
      attempt: null,
    },
    notice: null,
    wedge: { maxInterKeyMs: 50, minLength: 3, maxLength: 32 },
  });

  const api = apiFromCall(async (name, args) => {
    switch (name) {
      case 'getSnapshot':
        return snapshot();
      case 'startLesson': {
        answers = [];
        const l = await load();
        return { lesson: l, resumeCardIndex: Math.min(Number(storage.getItem(progressKey) ?? 0) || 0, l.cards.length - 1), completionId: crypto.randomUUID(), answers: [] };
      }
      case 'saveProgress':
        storage.setItem(progressKey, String((args[0] as { cardIndex: number }).cardIndex));
        return undefined;
      case 'recordAnswer':
        answers.push((args[0] as { answer: AnswerRecord }).answer);
        return undefined;
      case 'completeLesson': {
        const done = args[0] as { completionId: string; lessonId: string; answers: AnswerRecord[] };
        storage.removeItem(progressKey);
        const graded = lesson ? scoreLesson(lesson, gradeAnswers(lesson, [...answers, ...done.answers])) : { score: null, passed: null };
        return { completionId: done.completionId, lessonId: done.lessonId, ...graded };
      }
      case 'reportActivity':
      case 'signOut':
      case 'logEvent':
        return undefined;
      default:
        throw new KioskCallFailed(`"${name}" is not part of the lesson preview.`, 'not-found');
    }
  });

  return {
    api,
    // The preview's one snapshot never changes, so a subscriber gets it once.
    onSnapshot: (listener) => {
      queueMicrotask(() => listener(snapshot()));
      return () => undefined;
    },
    mediaUrl: (sha256) => `preview/media/${encodeURIComponent(sha256)}`,
  };
}
