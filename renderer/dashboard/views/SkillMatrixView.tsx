import type { DashboardFilters, MeResponse } from '../../../common/contracts/dashboard';
import { apiUrl } from '../query';
import { formatDay, statusDisplay } from '../status';
import { Loaded, PagedTable, StatusBadge, StatusLegend, TableHeader, usePagedResource } from './shared';

function cellDetail(cell: { completedAt: string | null; dueAt: string | null }): string | null {
  if (cell.dueAt) return `due ${formatDay(cell.dueAt)}`;
  if (cell.completedAt) return `done ${formatDay(cell.completedAt)}`;
  return null;
}

export function SkillMatrixView({ filters, me }: { filters: DashboardFilters; me?: MeResponse }) {
  const [matrix, showPage] = usePagedResource(filters, 'matrix', (api, page) => api.skillMatrix(filters, page));
  return (
    <>
      <TableHeader id="matrix-title" title="Workers and required lessons" csvHref={apiUrl('skill-matrix', filters, { format: 'csv' })} />
      <Loaded resource={matrix} what="the skill matrix">
        {(data) =>
          data.workers.length === 0 || data.lessons.length === 0 ? (
            <p className="muted">No workers or required lessons match the filters.</p>
          ) : (
            <>
            {!filters.site && (me?.sites.length ?? 0) > 1 && (
              <p className="figure-note" data-testid="matrix-scope">
                The skill matrix shows one site at a time: {me?.sites.find((s) => s.id === data.scope.siteId)?.name ?? data.scope.siteId}. Choose a site above to see another.
              </p>
            )}
            <PagedTable paging={data} what="the skill matrix" onPage={showPage} labelledBy="matrix-title">
              <table className="matrix">
                <caption className="visually-hidden">
                  Status of each required lesson (columns) for each worker (rows)
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Worker</th>
                    <th scope="col">Status</th>
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
                      <td className={`cell-${worker.standing}`}>
                        <StatusBadge status={worker.standing} />
                      </td>
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
            </PagedTable>
            </>
          )
        }
      </Loaded>
      <StatusLegend />
    </>
  );
}
