import { useEffect, useRef, useState } from 'react';
import type { BoardStatus, StationBoard, WorkerDetail } from '../../../common/contracts/staff';
import type { Translate } from '../../../common/i18n/catalog';
import { useKiosk, useKioskApi, useT } from '../state/context';
import { MoreBelow } from './MoreBelow';
import { STANDING_LEGEND } from '../../../common/i18n/standing-words';
import { day, describeError, statusLabel, time } from './staff-strings';
import './staff.css';

function StatusBadge({ status }: { status: BoardStatus }) {
  const { t } = useT();
  return (
    <span className={`status-badge status-${status}`} data-status={status}>
      {statusLabel(t, status)}
    </span>
  );
}

function Legend({ t }: { t: Translate }) {
  return (
    <section className="board-legend" aria-labelledby="legend-title" data-testid="board-legend">
      <h2 id="legend-title">{t('legendTitle')}</h2>
      <dl>
        {STANDING_LEGEND.map(([status, key]) => (
          <div key={status} className="legend-row">
            <dt>
              <StatusBadge status={status} />
            </dt>
            <dd>{t(key)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function WorkerDetailView({ detail, onBack, t }: { detail: WorkerDetail; onBack: () => void; t: Translate }) {
  return (
    <section className="worker-detail" data-testid="worker-detail" aria-labelledby="worker-detail-title">
      <header className="staff-header">
        <h2 id="worker-detail-title">
          {detail.displayName} <span className="muted">({detail.employeeId})</span>
        </h2>
        <button type="button" className="button" data-testid="detail-back" onClick={onBack}>
          {t('detailBack')}
        </button>
      </header>
      <p className="muted">
        {t('detailRolesLine', { roles: detail.roles.join(', ') || '—', last: time(detail.lastActivityAt) })}
      </p>
      <table className="staff-table">
        <thead>
          <tr>
            <th scope="col">{t('detailLesson')}</th>
            <th scope="col">{t('boardStatus')}</th>
            <th scope="col">{t('detailCompleted')}</th>
            <th scope="col">{t('detailDue')}</th>
            <th scope="col">{t('detailLastScore')}</th>
            <th scope="col">{t('detailAttempts')}</th>
          </tr>
        </thead>
        <tbody>
          {detail.lessons.map((l) => (
            <tr key={l.lessonId} data-testid={`detail-lesson-${l.lessonId}`}>
              <th scope="row">{l.title}</th>
              <td>
                <StatusBadge status={l.status} />
              </td>
              <td>{day(l.completedAt)}</td>
              <td>{day(l.dueAt)}</td>
              <td>{l.lastScore === null ? '—' : `${Math.round(l.lastScore * 100)}%`}</td>
              <td>{l.attempts}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {detail.lessons.length === 0 && <p>{t('detailEmpty')}</p>}
    </section>
  );
}

/** Who at this station is done, due soon, overdue or not started; read offline from the terminal's store. */
export function StationBoardScreen() {
  const api = useKioskApi();
  const { t } = useT();
  const signOut = useKiosk((s) => s.signOut);
  const scroller = useRef<HTMLElement>(null);
  const name = useKiosk((s) => s.snapshot?.staff?.name ?? null);
  const [board, setBoard] = useState<StationBoard | null>(null);
  const [detail, setDetail] = useState<WorkerDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.getStationBoard().then(setBoard, (err: unknown) => setError(describeError(err)));
  }, [api]);

  const open = (workerId: string) => {
    setError(null);
    api.getWorkerDetail(workerId).then(setDetail, (err: unknown) => setError(describeError(err)));
  };

  return (
    <main ref={scroller} className="screen staff-screen station-board-screen" data-testid="station-board">
      <header className="staff-header">
        <h1>{board ? t('boardTitleFor', { station: board.station.name }) : t('boardTitle')}</h1>
        <button type="button" className="button button-quiet" data-testid="staff-close" onClick={() => void signOut()}>
          {t('staffClose')}
        </button>
      </header>
      {name && <p className="staff-name">{t('boardSignedIn', { name })}</p>}
      {error && (
        <p className="pin-error" role="alert">
          {error}
        </p>
      )}
      {detail ? (
        <WorkerDetailView detail={detail} onBack={() => setDetail(null)} t={t} />
      ) : (
        board && (
          <>
            <p className="board-summary" data-testid="board-summary">
              {t('boardSummary', {
                percent: board.summary.completionPercent,
                overdue: board.summary.counts.overdue,
                failed: board.summary.counts.failed,
                dueSoon: board.summary.counts['due-soon'],
                notStarted: board.summary.counts['never-started'],
              })}
            </p>
            <table className="staff-table">
              <thead>
                <tr>
                  <th scope="col">{t('boardWorker')}</th>
                  <th scope="col">{t('boardStatus')}</th>
                  <th scope="col">{t('boardLastActivity')}</th>
                  <th scope="col">{t('boardNextDue')}</th>
                </tr>
              </thead>
              <tbody>
                {board.workers.map((w) => (
                  <tr key={w.workerId} data-testid={`board-row-${w.workerId}`} data-status={w.status}>
                    <th scope="row">
                      <button type="button" className="button board-worker" data-testid={`board-worker-${w.workerId}`} onClick={() => open(w.workerId)}>
                        {w.displayName}
                      </button>
                    </th>
                    <td>
                      <StatusBadge status={w.status} />
                    </td>
                    <td>{day(w.lastActivityAt)}</td>
                    <td>{day(w.nextDueAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {board.workers.length === 0 && <p>{t('boardEmpty')}</p>}
            <Legend t={t} />
          </>
        )
      )}
      <MoreBelow scroller={scroller} />
    </main>
  );
}
