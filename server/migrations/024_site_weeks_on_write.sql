-- completion_site_weeks (migration 022) is now added to by the statement that adds to
-- completion_weeks (server/summaries/records.ts applyRecords, the one writer that inserts or
-- updates it), from the same rows: the statement triggers on INSERT and UPDATE captured every
-- upserted row into transition tables and ran two more upserts per batch (issue 17, ingest cost).
-- Deletes (a voiding, the rebuild) and TRUNCATE still subtract or clear by trigger.
DROP TRIGGER completion_weeks_site_insert ON completion_weeks;
DROP TRIGGER completion_weeks_site_update ON completion_weeks;
DROP TRIGGER completion_weeks_site_delete ON completion_weeks;
DROP FUNCTION completion_site_weeks_add();

CREATE FUNCTION completion_site_weeks_subtract() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Sorted, so concurrent writers sharing a stripe lock its rows in one order (no deadlock).
  INSERT INTO completion_site_weeks AS t
  SELECT site_id, week_start, pg_backend_pid() % 16, -sum(completions) FROM old_rows GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT (site_id, week_start, stripe) DO UPDATE SET completions = t.completions + EXCLUDED.completions;
  RETURN NULL;
END $$;

CREATE TRIGGER completion_weeks_site_delete AFTER DELETE ON completion_weeks REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION completion_site_weeks_subtract();
