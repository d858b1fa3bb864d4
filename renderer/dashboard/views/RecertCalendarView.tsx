import type { DashboardFilters } from '../../../common/contracts/dashboard';
import { groupByWeek } from '../calendar';
import { useResource } from '../context';
import { apiUrl } from '../query';
import { formatDay } from '../status';
import { Loaded, TableHeader } from './shared';

export const calendarDays = 60;

export function RecertCalendarView({ filters }: { filters: DashboardFilters }) {
  const calendar = useResource((api) => api.recertCalendar(filters, calendarDays), `calendar:${JSON.stringify(filters)}`);
  return (
    <>
      <TableHeader
        id="calendar-title"
        title={`Recertifications due in the next ${calendarDays} days`}
        csvHref={apiUrl('recert-calendar', filters, { days: calendarDays, format: 'csv' })}
      />
      <Loaded resource={calendar} what="the recertification calendar">
        {(data) => {
          const weeks = groupByWeek(data.days);
          if (weeks.length === 0) return <p className="muted">No recertifications fall due in the next {calendarDays} days.</p>;
          return (
            <ol className="calendar">
              {weeks.map((week) => (
                <li key={week.weekStart} className="panel calendar-week">
                  <h3>
                    Week of {formatDay(week.weekStart)}{' '}
                    <span className="muted">
                      ({week.itemCount} {week.itemCount === 1 ? 'recertification' : 'recertifications'})
                    </span>
                  </h3>
                  {week.days.map((day) => (
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
                </li>
              ))}
            </ol>
          );
        }}
      </Loaded>
    </>
  );
}
