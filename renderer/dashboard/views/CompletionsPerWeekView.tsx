import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DashboardFilters } from '../../../common/contracts/dashboard';
import { useResource } from '../context';
import { apiUrl } from '../query';
import { formatDay } from '../status';
import { Loaded, ScrollRegion, TableHeader } from './shared';

export const chartWeeks = 12;

export function CompletionsPerWeekView({ filters }: { filters: DashboardFilters }) {
  const weekly = useResource((api) => api.completionsPerWeek(filters, chartWeeks), `weekly:${JSON.stringify(filters)}`);
  return (
    <>
      <TableHeader
        id="weekly-title"
        title={`Completions in the last ${chartWeeks} weeks`}
        csvHref={apiUrl('completions-per-week', filters, { weeks: chartWeeks, format: 'csv' })}
      />
      <Loaded resource={weekly} what="completions per week">
        {(data) => (
          <>
            <figure className="chart panel" aria-labelledby="weekly-chart">
              <figcaption id="weekly-chart">Lessons completed each week (the table below has the same numbers)</figcaption>
              <div aria-hidden="true">
                <ResponsiveContainer width="100%" height={300}>
                  <BarChart data={data.weeks} margin={{ top: 16, right: 16, left: 0, bottom: 8 }} accessibilityLayer={false}>
                    <CartesianGrid stroke="var(--panel-2)" vertical={false} />
                    <XAxis dataKey="weekStart" tickFormatter={(d: string) => d.slice(5)} stroke="var(--muted)" tick={{ fill: 'var(--muted)' }} />
                    <YAxis allowDecimals={false} stroke="var(--muted)" tick={{ fill: 'var(--muted)' }} />
                    <Tooltip cursor={{ fill: 'var(--panel-2)' }} contentStyle={{ background: 'var(--panel)', border: '1px solid var(--muted)' }} />
                    <Bar dataKey="completions" name="Completions" fill="var(--primary)" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            </figure>
            <ScrollRegion labelledBy="weekly-title">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Week starting</th>
                    <th scope="col" className="num">Completions</th>
                  </tr>
                </thead>
                <tbody>
                  {data.weeks.map((week) => (
                    <tr key={week.weekStart}>
                      <th scope="row">
                        <time dateTime={week.weekStart}>{formatDay(week.weekStart)}</time>
                      </th>
                      <td className="num">{week.completions}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </>
        )}
      </Loaded>
    </>
  );
}
