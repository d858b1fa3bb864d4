-- Pull ordering without a convention: change_seq values must become visible in the order they were
-- drawn, or a terminal that pulled up to seq 6 while seq 5 was still uncommitted never sees row 5.
-- Every statement that writes a pulled table takes the per-schema change lock before touching a
-- row (statement-level BEFORE trigger, so no row lock is held while waiting for it, which keeps
-- two writers from deadlocking); the lock is held to the end of the transaction. Writers no longer
-- have to remember to lock: the database does it. A test checks every change_seq table has it.
-- take_change_lock() stays callable for writers that plan from a read (roster import, pack publish):
-- they take it first so two of them never plan from the same state; ordering does not depend on it.
CREATE FUNCTION take_change_lock() RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(hashtext('shiftlearn-changes:' || current_schema()))
$$;

CREATE FUNCTION lock_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM take_change_lock();
  RETURN NULL;
END
$$;

CREATE TRIGGER sites_lock_changes BEFORE INSERT OR UPDATE ON sites FOR EACH STATEMENT EXECUTE FUNCTION lock_changes();
CREATE TRIGGER stations_lock_changes BEFORE INSERT OR UPDATE ON stations FOR EACH STATEMENT EXECUTE FUNCTION lock_changes();
CREATE TRIGGER workers_lock_changes BEFORE INSERT OR UPDATE ON workers FOR EACH STATEMENT EXECUTE FUNCTION lock_changes();
CREATE TRIGGER worker_departures_lock_changes BEFORE INSERT OR UPDATE ON worker_departures FOR EACH STATEMENT EXECUTE FUNCTION lock_changes();
CREATE TRIGGER badges_lock_changes BEFORE INSERT OR UPDATE ON badges FOR EACH STATEMENT EXECUTE FUNCTION lock_changes();
CREATE TRIGGER lessons_lock_changes BEFORE INSERT OR UPDATE ON lessons FOR EACH STATEMENT EXECUTE FUNCTION lock_changes();
CREATE TRIGGER assignments_lock_changes BEFORE INSERT OR UPDATE ON assignments FOR EACH STATEMENT EXECUTE FUNCTION lock_changes();
CREATE TRIGGER role_requirements_lock_changes BEFORE INSERT OR UPDATE ON role_requirements FOR EACH STATEMENT EXECUTE FUNCTION lock_changes();
CREATE TRIGGER station_requirements_lock_changes BEFORE INSERT OR UPDATE ON station_requirements FOR EACH STATEMENT EXECUTE FUNCTION lock_changes();
CREATE TRIGGER staff_pins_lock_changes BEFORE INSERT OR UPDATE ON staff_pins FOR EACH STATEMENT EXECUTE FUNCTION lock_changes();
