-- Indexes shaped to the dashboard's reads (issue 17, server/dashboard/read.ts), each named by the
-- test that checks its plan (test/server/summaries.test.ts, "indexes for the hot queries").

-- The overview counts a site's cells by standing and by the stations requiring them: one index
-- range per site instead of a scan of every site's rows. It replaces the GIN index on
-- required_by_stations, which no query filtered by (cheaper writes too).
DROP INDEX requirement_states_stations;
CREATE INDEX requirement_states_site ON requirement_states (site_id, standing, required_by_stations);

-- The overdue list pages by keyset (the CSV walks every row a page at a time, each page starting
-- after the last row of the one before), so its order must be total: employee_id breaks a tie
-- between two workers of the same name, and NULLS FIRST becomes a value a row comparison can use.
DROP INDEX requirement_states_open;
DROP INDEX requirement_states_open_all;
CREATE INDEX requirement_states_open ON requirement_states (site_id, urgency, coalesce(due_at, '-infinity'::timestamptz), worker_name, employee_id, lesson_id) WHERE standing <> 'done';
CREATE INDEX requirement_states_open_all ON requirement_states (urgency, coalesce(due_at, '-infinity'::timestamptz), worker_name, employee_id, lesson_id) WHERE standing <> 'done';

-- Passing completions per site and week, kept by triggers from completion_weeks (every writer: the
-- statement write path, a voiding, the rebuild), so the completions-per-week chart reads sites x
-- weeks rows instead of one row per worker and week, whose number grows with the history.
-- Striped by the writing connection (pg_backend_pid() % 16): two transactions storing statements of
-- one site at once add to different rows instead of queueing on one row lock until commit; readers
-- sum the stripes (at most 16 rows per site and week).
CREATE TABLE completion_site_weeks (
  site_id text NOT NULL,
  week_start date NOT NULL,
  stripe smallint NOT NULL,
  completions bigint NOT NULL,
  PRIMARY KEY (site_id, week_start, stripe)
);
INSERT INTO completion_site_weeks SELECT site_id, week_start, 0, sum(completions) FROM completion_weeks GROUP BY 1, 2;

-- One function for the three statement triggers below; each reads only the transition tables its
-- trigger declares (plpgsql plans a statement when it first runs it).
CREATE FUNCTION completion_site_weeks_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Sorted, so concurrent writers sharing a stripe lock its rows in one order (no deadlock).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO completion_site_weeks AS t
    SELECT site_id, week_start, pg_backend_pid() % 16, sum(completions) FROM new_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (site_id, week_start, stripe) DO UPDATE SET completions = t.completions + EXCLUDED.completions;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO completion_site_weeks AS t
    SELECT site_id, week_start, pg_backend_pid() % 16, sum(n)
      FROM (SELECT site_id, week_start, completions AS n FROM new_rows UNION ALL SELECT site_id, week_start, -completions FROM old_rows) d
     GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (site_id, week_start, stripe) DO UPDATE SET completions = t.completions + EXCLUDED.completions;
  ELSE
    INSERT INTO completion_site_weeks AS t
    SELECT site_id, week_start, pg_backend_pid() % 16, -sum(completions) FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (site_id, week_start, stripe) DO UPDATE SET completions = t.completions + EXCLUDED.completions;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION completion_site_weeks_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM completion_site_weeks;
  RETURN NULL;
END $$;

CREATE TRIGGER completion_weeks_site_insert AFTER INSERT ON completion_weeks REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION completion_site_weeks_add();
CREATE TRIGGER completion_weeks_site_update AFTER UPDATE ON completion_weeks REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION completion_site_weeks_add();
CREATE TRIGGER completion_weeks_site_delete AFTER DELETE ON completion_weeks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION completion_site_weeks_add();
CREATE TRIGGER completion_weeks_site_truncate AFTER TRUNCATE ON completion_weeks FOR EACH STATEMENT EXECUTE FUNCTION completion_site_weeks_clear();
