-- Dashboard summaries maintained on write (issue 17; server/summaries/). The dashboard reads these
-- instead of loading every statement of its scope. site_id is on every table so a distributed
-- PostgreSQL (Citus) can shard them with statements by site (server/README.md, scale-out).

-- What a worker's trusted statements say about one lesson: the facts the learning-paths engine's
-- LessonRecord holds. Updated in the transaction that stores a statement counted for the worker.
CREATE TABLE lesson_records (
  employee_id text NOT NULL,
  lesson_id text NOT NULL,
  site_id text NOT NULL,
  last_passed_at timestamptz,
  last_attempt_at timestamptz NOT NULL,
  attempts integer NOT NULL,
  last_score real,
  PRIMARY KEY (employee_id, lesson_id)
);

-- Passing completions per worker and UTC week (Monday), for completions per week with any filter.
CREATE TABLE completion_weeks (
  site_id text NOT NULL,
  employee_id text NOT NULL,
  week_start date NOT NULL,
  completions integer NOT NULL,
  PRIMARY KEY (site_id, week_start, employee_id)
);

-- One row per active worker: the engine's WorkerStanding and what the dashboard filters by.
-- valid_until: when the standing may change by the clock alone (a recertification falling due soon
-- or expiring); reads refresh rows past it through the engine.
CREATE TABLE worker_states (
  employee_id text PRIMARY KEY,
  site_id text NOT NULL,
  display_name text NOT NULL,
  roles text[] NOT NULL,
  stations text[] NOT NULL,
  standing text NOT NULL,
  valid_until timestamptz,
  -- the engine's `now`; a row computed for a later time than a read's (a test's fake clock) is refreshed too
  computed_at timestamptz NOT NULL
);
CREATE INDEX worker_states_site ON worker_states (site_id, display_name, employee_id);
CREATE INDEX worker_states_valid_until ON worker_states (site_id, valid_until) WHERE valid_until IS NOT NULL;
CREATE INDEX worker_states_computed_at ON worker_states (site_id, computed_at);

-- One row per worker x required lesson: the engine's LessonStanding, dates and why it is required.
CREATE TABLE requirement_states (
  employee_id text NOT NULL,
  lesson_id text NOT NULL,
  site_id text NOT NULL,
  -- copied from worker_states and lessons (a change to either marks the site for recomputing), so
  -- the lists page and sort on this table alone
  worker_name text NOT NULL,
  lesson_title text NOT NULL,
  standing text NOT NULL,
  -- the standing's place in WORKER_STANDING_ORDER (common/paths): most urgent first
  urgency smallint NOT NULL,
  completed_at timestamptz,
  due_at timestamptz,
  required_by_roles text[] NOT NULL,
  required_by_stations text[] NOT NULL,
  -- topological rank of the lesson in the site's catalog: the engine's order of a worker's lessons
  lesson_rank integer NOT NULL,
  PRIMARY KEY (employee_id, lesson_id)
);
-- The overdue list: open requirements by urgency, then due date, then name; of one site, or of all.
CREATE INDEX requirement_states_open ON requirement_states (site_id, urgency, due_at NULLS FIRST, worker_name, lesson_id) WHERE standing <> 'done';
CREATE INDEX requirement_states_open_all ON requirement_states (urgency, due_at NULLS FIRST, worker_name, lesson_id) WHERE standing <> 'done';
-- The recertification calendar: passed lessons by due date.
CREATE INDEX requirement_states_due ON requirement_states (site_id, due_at) WHERE completed_at IS NOT NULL;
CREATE INDEX requirement_states_stations ON requirement_states USING gin (required_by_stations);

-- Sites whose summaries must be recomputed because an input other than a statement changed (roster,
-- requirements, lessons); '*' means the lesson records themselves must be rebuilt from statements.
CREATE TABLE summary_dirty (site_id text PRIMARY KEY);
-- Bumped with every such change, so a server process knows its cached site inputs are stale.
CREATE SEQUENCE summary_inputs_version;

CREATE FUNCTION summary_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  site text;
BEGIN
  PERFORM nextval('summary_inputs_version');
  IF TG_TABLE_NAME IN ('workers', 'station_requirements', 'stations') THEN
    IF TG_OP <> 'INSERT' THEN INSERT INTO summary_dirty VALUES (OLD.site_id) ON CONFLICT DO NOTHING; END IF;
    IF TG_OP <> 'DELETE' THEN INSERT INTO summary_dirty VALUES (NEW.site_id) ON CONFLICT DO NOTHING; END IF;
  ELSIF TG_TABLE_NAME = 'lessons' THEN
    -- NEW and OLD are only read in the branch where they exist (plpgsql does not short-circuit AND).
    IF TG_OP = 'INSERT' THEN
      site := NEW.site_id;
    ELSIF TG_OP = 'UPDATE' AND OLD.site_id IS NOT DISTINCT FROM NEW.site_id THEN
      site := NEW.site_id;
    END IF;
    IF site IS NOT NULL THEN
      INSERT INTO summary_dirty VALUES (site) ON CONFLICT DO NOTHING;
    ELSE
      -- a global lesson holds at every site
      INSERT INTO summary_dirty SELECT id FROM sites ON CONFLICT DO NOTHING;
    END IF;
  ELSE
    -- role requirements hold at every site
    INSERT INTO summary_dirty SELECT id FROM sites ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER workers_summary AFTER INSERT OR UPDATE OR DELETE ON workers FOR EACH ROW EXECUTE FUNCTION summary_mark_dirty();
CREATE TRIGGER stations_summary AFTER INSERT OR UPDATE OR DELETE ON stations FOR EACH ROW EXECUTE FUNCTION summary_mark_dirty();
CREATE TRIGGER station_requirements_summary AFTER INSERT OR UPDATE OR DELETE ON station_requirements FOR EACH ROW EXECUTE FUNCTION summary_mark_dirty();
CREATE TRIGGER role_requirements_summary AFTER INSERT OR UPDATE OR DELETE ON role_requirements FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_dirty();
CREATE TRIGGER lessons_summary AFTER INSERT OR UPDATE OR DELETE ON lessons FOR EACH ROW EXECUTE FUNCTION summary_mark_dirty();

-- Existing statements: the lesson records are rebuilt from them on first use.
INSERT INTO summary_dirty VALUES ('*');
