import type { DashboardFilters } from '../../../common/contracts/dashboard';
import { groupByWeek, itemsByDay } from '../calendar';
import { apiUrl } from '../query';
import { formatDay } from '../status';
import { Loaded, Pager, TableHeader, usePagedResource } from './shared';

export const calendarDays = 60;

/** How many fall due each day of the window, week by week; then who, a page at a time by due date. */
export function RecertCalendarView({ filters }: { filters: DashboardFilters }) {
  const [calendar, showPage] = usePagedResource(filters, 'calendar', (api, page) => api.recertCalendar(filters, calendarDays, page));
  return (
    <>
      <TableHeader
        id="calendar-title"
        title={`Recertifications due in the next ${calendarDays} days`}
        csvHref={apiUrl('recert-calendar', filters, { days: calendarDays, format: 'csv' })}
      />
      <Loaded resource={calendar} what="the recertification calendar">
        {(data) => {
          if (data.total === 0) return <p className="muted">No recertifications fall due in the next {calendarDays} days.</p>;
          return (
            <>
              <ol className="calendar" aria-label="Recertifications due per day">
                {groupByWeek(data.days).map((week) => (
                  <li key={week.weekStart} className="panel calendar-week">
                    <h3>
                      Week of {formatDay(week.weekStart)}{' '}
                      <span className="muted">
                        ({week.count} {week.count === 1 ? 'recertification' : 'recertifications'})
                      </span>
                    </h3>
                    <ul className="calendar-counts">
                      {week.days.map((day) => (
                        <li key={day.date}>
                          <time dateTime={day.date}>{formatDay(day.date)}</time>: {day.count}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ol>
              <h3 id="calendar-list-title">Who is due, by date</h3>
              <Pager paging={data} what="the recertifications" onPage={showPage} />
              {itemsByDay(data.items).map((day) => (
                <section key={day.date} className="calendar-day" aria-labelledby={`day-${day.date}`}>
                  <h4 id={`day-${day.date}`}>
                    <time dateTime={day.date}>{formatDay(day.date)}</time>
                  </h4>
                  <ul>
                    {day.items.map((item) => (
                      <li key={`${item.workerId}:${item.lessonId}`}>
                        <strong>{item.workerName}</strong>: {item.lessonTitle}
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </>
          );
        }}
      </Loaded>
    </>
  );
}
