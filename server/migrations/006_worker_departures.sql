-- A worker moved to another site (roster import or PUT /admin/workers) must leave the old site's
-- terminals too: they select workers by the worker's current site, so without a row of its own the
-- old site never hears of the move and keeps the worker, their badges and PIN able to sign in.
-- Each departure is pulled by the old site as a 'worker' delete. Moving back later is safe: the
-- worker row then takes a newer change_seq than the departure, so the upsert comes after the delete.
CREATE TABLE worker_departures (
  employee_id text NOT NULL REFERENCES workers (employee_id),
  site_id text NOT NULL,
  change_seq bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (employee_id, site_id)
);
CREATE INDEX worker_departures_pull ON worker_departures (site_id, change_seq);

-- Badges follow their worker (as staff PINs do), so the new site's terminals get them after the
-- worker row; PUT /admin/badges had recorded the worker's site at the time the badge was written.
CREATE FUNCTION worker_departs_site() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO worker_departures (employee_id, site_id) VALUES (OLD.employee_id, OLD.site_id)
    ON CONFLICT (employee_id, site_id) DO UPDATE SET change_seq = nextval('change_seq');
  UPDATE badges SET site_id = NEW.site_id WHERE employee_id = NEW.employee_id AND site_id <> NEW.site_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER workers_site_departure AFTER UPDATE OF site_id ON workers FOR EACH ROW
  WHEN (OLD.site_id IS DISTINCT FROM NEW.site_id) EXECUTE FUNCTION worker_departs_site();
