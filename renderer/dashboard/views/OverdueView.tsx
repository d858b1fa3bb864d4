import type { DashboardFilters, MeResponse } from '../../../common/contracts/dashboard';
import { apiUrl } from '../query';
import { formatDay } from '../status';
import { Loaded, PagedTable, StatusBadge, StatusLegend, TableHeader, usePagedResource } from './shared';

export function OverdueView({ filters, me }: { filters: DashboardFilters; me: MeResponse }) {
  const [overdue, showPage] = usePagedResource(filters, 'overdue', (api, page) => api.overdue(filters, page));
  const siteName = (id: string) => me.sites.find((s) => s.id === id)?.name ?? id;
  return (
    <>
      <TableHeader id="overdue-title" title="Workers behind on training" csvHref={apiUrl('overdue', filters, { format: 'csv' })} />
      <Loaded resource={overdue} what="the overdue list">
        {(data) =>
          data.rows.length === 0 ? (
            <p className="muted">Nobody is overdue, due soon, due a retake or not started for these filters.</p>
          ) : (
            <PagedTable paging={data} what="the overdue list" onPage={showPage} labelledBy="overdue-title">
              <table>
                <caption className="visually-hidden">
                  {data.total} lessons overdue, not passed, due soon or never started
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Worker</th>
                    <th scope="col">Employee ID</th>
                    <th scope="col">Site</th>
                    <th scope="col">Lesson</th>
                    <th scope="col">Status</th>
                    <th scope="col">Due</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((row) => (
                    <tr key={`${row.workerId}:${row.lessonId}`}>
                      <th scope="row">{row.workerName}</th>
                      <td>{row.employeeId}</td>
                      <td>{siteName(row.siteId)}</td>
                      <td>{row.lessonTitle}</td>
                      <td>
                        <StatusBadge status={row.status} />
                      </td>
                      <td>{row.dueAt ? <time dateTime={row.dueAt}>{formatDay(row.dueAt)}</time> : 'No due date'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </PagedTable>
          )
        }
      </Loaded>
      <StatusLegend only={['overdue', 'failed', 'due-soon', 'never-started']} />
    </>
  );
}
