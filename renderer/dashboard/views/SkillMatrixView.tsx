import type { CellStatus, DashboardFilters } from '../../../common/contracts/dashboard';
import { useResource } from '../context';
import { apiUrl } from '../query';
import { formatDay, statusDisplay } from '../status';
import { Loaded, ScrollRegion, StatusBadge, TableHeader } from './shared';

const legendOrder: CellStatus[] = ['done', 'due-soon', 'overdue', 'never-started', 'not-required'];

function cellDetail(cell: { completedAt: string | null; dueAt: string | null }): string | null {
  if (cell.dueAt) return `due ${formatDay(cell.dueAt)}`;
  if (cell.completedAt) return `done ${formatDay(cell.completedAt)}`;
  return null;
}

export function SkillMatrixView({ filters }: { filters: DashboardFilters }) {
  const matrix = useResource((api) => api.skillMatrix(filters), `matrix:${JSON.stringify(filters)}`);
  return (
    <>
      <TableHeader id="matrix-title" title="Workers and required lessons" csvHref={apiUrl('skill-matrix', filters, { format: 'csv' })} />
      <ul className="legend" aria-label="Legend">
        {legendOrder.map((status) => (
          <li key={status}>
            <StatusBadge status={status} />
          </li>
        ))}
      </ul>
      <Loaded resource={matrix} what="the skill matrix">
        {(data) =>
          data.workers.length === 0 || data.lessons.length === 0 ? (
            <p className="muted">No workers or required lessons match the filters.</p>
          ) : (
            <ScrollRegion labelledBy="matrix-title">
              <table className="matrix">
                <caption className="visually-hidden">
                  Status of each required lesson (columns) for each worker (rows)
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Worker</th>
                    {data.lessons.map((lesson) => (
                      <th scope="col" key={lesson.id}>
                        {lesson.title}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.workers.map((worker) => (
                    <tr key={worker.id}>
                      <th scope="row">
                        {worker.name} <span className="muted">{worker.employeeId}</span>
                      </th>
                      {data.lessons.map((lesson) => {
                        const cell = worker.cells[lesson.id] ?? { status: 'not-required' as const, completedAt: null, dueAt: null };
                        const detail = cellDetail(cell);
                        return (
                          <td key={lesson.id} className={`cell-${cell.status}`} title={detail ? `${statusDisplay[cell.status].label}, ${detail}` : undefined}>
                            <StatusBadge status={cell.status} />
                            {detail && <> <span className="cell-detail">{detail}</span></>}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )
        }
      </Loaded>
    </>
  );
}
