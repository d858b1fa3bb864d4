import { useEffect, useState } from 'react';
import type { BoardStatus, StationBoard, WorkerDetail } from '../../../common/contracts/staff';
import { useKiosk, useKioskApi } from '../state/context';
import { day, describeError, statusLabel, time } from './staff-strings';
import './staff.css';

function StatusBadge({ status }: { status: BoardStatus }) {
  return (
    <span className={`status-badge status-${status}`} data-status={status}>
      {statusLabel[status]}
    </span>
  );
}

function WorkerDetailView({ detail, onBack }: { detail: WorkerDetail; onBack: () => void }) {
  return (
    <section className="worker-detail" data-testid="worker-detail" aria-labelledby="worker-detail-title">
      <header className="staff-header">
        <h2 id="worker-detail-title">
          {detail.displayName} <span className="muted">({detail.employeeId})</span>
        </h2>
        <button type="button" className="button" data-testid="detail-back" onClick={onBack}>
          Back to the board
        </button>
      </header>
      <p className="muted">
        Roles: {detail.roles.join(', ') || '—'} · Last activity: {time(detail.lastActivityAt)}
      </p>
      <table className="staff-table">
        <thead>
          <tr>
            <th scope="col">Lesson</th>
            <th scope="col">Status</th>
            <th scope="col">Completed</th>
            <th scope="col">Due</th>
            <th scope="col">Last score</th>
            <th scope="col">Attempts</th>
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
      {detail.lessons.length === 0 && <p>Nothing is required of this worker here.</p>}
    </section>
  );
}

/** Who at this station is done, due soon, overdue or not started; read offline from the terminal's store. */
export function StationBoardScreen() {
  const api = useKioskApi();
  const signOut = useKiosk((s) => s.signOut);
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
    <main className="screen staff-screen station-board-screen" data-testid="station-board">
      <header className="staff-header">
        <h1>Station board{board ? `: ${board.station.name}` : ''}</h1>
        <button type="button" className="button button-quiet" data-testid="staff-done" onClick={() => void signOut()}>
          Done
        </button>
      </header>
      {name && <p className="staff-name">Signed in: {name}</p>}
      {error && (
        <p className="pin-error" role="alert">
          {error}
        </p>
      )}
      {detail ? (
        <WorkerDetailView detail={detail} onBack={() => setDetail(null)} />
      ) : (
        board && (
          <>
            <p className="board-summary" data-testid="board-summary">
              {board.summary.completionPercent}% of this station's required lessons held · {board.summary.counts.overdue} overdue ·{' '}
              {board.summary.counts['due-soon']} due soon · {board.summary.counts['never-started']} not started
            </p>
            <table className="staff-table">
              <thead>
                <tr>
                  <th scope="col">Worker</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last activity</th>
                  <th scope="col">Next due</th>
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
            {board.workers.length === 0 && <p>No workers are assigned to this station yet.</p>}
          </>
        )
      )}
    </main>
  );
}
