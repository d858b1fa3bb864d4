-- Staff PINs (supervisors and site IT at the terminal), set by an admin and pulled by the terminals
-- of the worker's site as 'staff-pin' changes. Only the salted scrypt hash is stored
-- (common/staff/pin-hash.ts; why terminals get the hash is explained there). A cleared PIN keeps
-- its row with pin_hash NULL, so the clearing reaches the terminals like any other change.
CREATE TABLE staff_pins (
  employee_id text PRIMARY KEY REFERENCES workers (employee_id),
  pin_hash text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  change_seq bigint NOT NULL DEFAULT nextval('change_seq')
);
CREATE INDEX staff_pins_pull ON staff_pins (change_seq);
CREATE TRIGGER staff_pins_change_seq BEFORE UPDATE ON staff_pins FOR EACH ROW EXECUTE FUNCTION bump_change_seq();

-- A worker moved to another site: the PIN row takes a new change_seq after the worker's, so the new
-- site's terminals pull it (they select PINs by the worker's current site) after the worker row.
CREATE FUNCTION staff_pin_follows_worker() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE staff_pins SET updated_at = updated_at WHERE employee_id = NEW.employee_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER workers_site_moves_staff_pin AFTER UPDATE OF site_id ON workers FOR EACH ROW
  WHEN (OLD.site_id IS DISTINCT FROM NEW.site_id) EXECUTE FUNCTION staff_pin_follows_worker();
