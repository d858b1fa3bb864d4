import { useEffect, useRef, useState } from 'react';
import { PREVIEW_SIZES, previewLesson, previewState, type PreviewLesson, type PreviewState } from '../../../common/contracts/content-preview';

/**
 * The trainer's preview: the lesson in the kiosk's own player, framed at a terminal's real screen
 * size (scaled down to fit), the validator's problems for it alongside, and a reload whenever a file
 * of the content folder changes on disk.
 */

async function getJson<T>(url: string, parse: (v: unknown) => T): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return parse(await res.json());
}

function useFitScale(width: number, height: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [scale, setScale] = useState(1);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fit = () => setScale(Math.min(1, el.clientWidth / width, el.clientHeight / height));
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    return () => observer.disconnect();
  }, [width, height]);
  return { ref, scale };
}

export function PreviewPage() {
  const initial = new URLSearchParams(window.location.search);
  const [state, setState] = useState<PreviewState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lessonId, setLessonId] = useState(initial.get('lesson') ?? '');
  const [language, setLanguage] = useState(initial.get('language') ?? 'en');
  const [sizeIndex, setSizeIndex] = useState(Number(initial.get('size') ?? 0) || 0);
  const [current, setCurrent] = useState<PreviewLesson | null>(null);
  const size = PREVIEW_SIZES[sizeIndex] ?? PREVIEW_SIZES[0];
  const { ref, scale } = useFitScale(size.width, size.height);

  // The state again on every change the server announces.
  useEffect(() => {
    const events = new EventSource('preview/events');
    events.onmessage = () => {
      getJson('preview/state', (v) => previewState.parse(v)).then(
        (s) => {
          setState(s);
          setError(null);
        },
        (e: unknown) => setError(String(e)),
      );
    };
    events.onerror = () => setError('The preview server is not reachable: is npm run content -- preview still running?');
    return () => events.close();
  }, []);

  const lessons = state?.lessons ?? [];
  const chosen = lessons.find((l) => l.id === lessonId) ?? lessons[0];
  const languages = chosen ? [...new Set(['en', ...chosen.languages])].sort() : ['en'];

  useEffect(() => {
    if (!chosen || !state) return;
    window.history.replaceState(null, '', `?${new URLSearchParams({ lesson: chosen.id, language, size: String(sizeIndex) })}`);
    getJson(`preview/lesson?${new URLSearchParams({ id: chosen.id, language })}`, (v) => previewLesson.parse(v)).then(setCurrent, (e: unknown) => setError(String(e)));
  }, [chosen?.id, language, sizeIndex, state?.version]);

  const frameSrc = chosen ? `preview-frame.html?${new URLSearchParams({ lesson: chosen.id, language, v: String(state?.version ?? 0) })}` : '';
  const others = (state?.problems.length ?? 0) - (current?.problems.length ?? 0);

  return (
    <div className="preview">
      <header className="preview-bar">
        <strong>Lesson preview</strong>
        <label>
          Lesson{' '}
          <select data-testid="preview-lesson" value={chosen?.id ?? ''} onChange={(e) => setLessonId(e.target.value)}>
            {lessons.map((l) => (
              <option key={l.id} value={l.id}>
                {l.title} ({l.id})
              </option>
            ))}
          </select>
        </label>
        <label>
          Language{' '}
          <select data-testid="preview-language" value={language} onChange={(e) => setLanguage(e.target.value)}>
            {languages.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label>
          Screen{' '}
          <select data-testid="preview-size" value={sizeIndex} onChange={(e) => setSizeIndex(Number(e.target.value))}>
            {PREVIEW_SIZES.map((s, i) => (
              <option key={s.label} value={i}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <span className="preview-version" data-testid="preview-version">
          version {state?.version ?? '-'}
        </span>
      </header>
      <div className="preview-body">
        <div className="preview-stage" ref={ref}>
          {chosen && (
            <iframe
              key={frameSrc}
              title="Lesson as a worker sees it"
              data-testid="preview-frame"
              className="preview-frame"
              src={frameSrc}
              width={size.width}
              height={size.height}
              style={{ transform: `scale(${scale})` }}
            />
          )}
          {!chosen && state && <p>No lesson in this folder builds yet: see the problems.</p>}
        </div>
        <aside className="preview-problems" data-testid="preview-problems" aria-live="polite">
          {error && <p className="preview-error">{error}</p>}
          {current?.stale && <p className="preview-stale">This lesson cannot be built now: showing the last version that could.</p>}
          <h2>{current && current.problems.length > 0 ? `${current.problems.length} problem${current.problems.length === 1 ? '' : 's'} in this lesson` : 'No problems in this lesson'}</h2>
          <ul>
            {(current?.problems ?? []).map((p) => (
              <li key={`${p.file}:${p.line}:${p.problem}`} data-testid="preview-problem">
                <code>
                  {p.file}:{p.line}
                </code>
                <p>{p.problem}</p>
                <p className="preview-fix">Fix: {p.fix}</p>
              </li>
            ))}
          </ul>
          {others > 0 && <p className="preview-others">{others} more in other files: npm run content -- check</p>}
        </aside>
      </div>
    </div>
  );
}
