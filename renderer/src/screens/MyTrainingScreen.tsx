import { useEffect, useMemo, useRef, useState } from 'react';
import QRCode from 'qrcode';
import type { MyTraining } from '../../../common/contracts/kiosk-api';
import type { Translate } from '../../../common/i18n/catalog';
import { useKioskApi, useT } from '../state/context';
import { day, describeError } from './staff-strings';
import './my-training.css';

/** The verify URL as an SVG QR code drawn from its modules: no image URL, so nothing for the CSP to allow. */
function QrCode({ text, label }: { text: string; label: string }) {
  const path = useMemo(() => {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    let d = '';
    for (let row = 0; row < modules.size; row++) for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
    return { d, size: modules.size + 8 };
  }, [text]);
  return (
    <svg className="my-training-qr" viewBox={`0 0 ${path.size} ${path.size}`} role="img" aria-label={label} data-testid="credential-qr" data-qr-text={text}>
      <rect width={path.size} height={path.size} fill="#fff" />
      <path d={path.d} fill="#000" />
    </svg>
  );
}

function stateText(t: Translate, c: MyTraining['certifications'][number]): string {
  if (c.state === 'valid' && c.validUntil === null) return t('myTraining.state.validForever');
  return t(`myTraining.state.${c.state}`, { date: day(c.validUntil) });
}

/** The signed-in worker's own record: certifications (with a QR code to each one's verify page) and recent lessons. */
export function MyTrainingScreen({ onBack }: { onBack: () => void }) {
  const api = useKioskApi();
  const { t } = useT();
  const [data, setData] = useState<MyTraining | null>(null);
  const [error, setError] = useState<string | null>(null);
  const back = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    back.current?.focus();
    api.getMyTraining().then(setData, (err: unknown) => setError(describeError(err)));
  }, [api]);

  return (
    <main className="screen my-training-screen" data-testid="my-training">
      <header className="greeting-header">
        <h1>{t('myTrainingTitle')}</h1>
        <button ref={back} type="button" className="button button-quiet" data-testid="my-training-back" onClick={onBack}>
          {t('myTrainingBack')}
        </button>
      </header>
      {error && (
        <p className="pin-error" role="alert">
          {error}
        </p>
      )}
      {data && (
        <>
          <section aria-labelledby="my-certifications">
            <h2 id="my-certifications">{t('myTrainingCertifications')}</h2>
            {data.certifications.length === 0 ? (
              <p>{t('myTrainingNoCertifications')}</p>
            ) : (
              <ul className="my-certifications">
                {data.certifications.map((c) => (
                  <li key={c.id} className={`my-certification state-${c.state}`} data-testid="my-certification" data-state={c.state}>
                    <div>
                      <h3>{c.name}</h3>
                      <p>{stateText(t, c)}</p>
                    </div>
                    {c.verifyUrl && c.state !== 'revoked' && <QrCode text={c.verifyUrl} label={t('myTrainingQr')} />}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="my-recent">
            <h2 id="my-recent">{t('myTrainingRecent')}</h2>
            {data.recent.length === 0 ? (
              <p>{t('myTrainingNoRecent')}</p>
            ) : (
              <ul className="my-recent">
                {data.recent.map((r) => (
                  <li key={`${r.lessonId}:${r.completedAt}`} data-testid="my-recent">
                    <span>{r.title}</span>{' '}
                    <span className="muted">
                      {day(r.completedAt)} ·{' '}
                      {t('myTrainingResult', {
                        result: r.passed === null ? 'done' : r.passed ? 'passed' : 'failed',
                        score: r.score === null ? 'none' : String(Math.round(r.score * 100)),
                      })}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </main>
  );
}
