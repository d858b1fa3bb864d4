-- Terminals pull the credentials of their site's workers ("My training" at the kiosk, offline), so
-- credentials join the change_seq tables: a revocation updates the row and takes a new change_seq.
ALTER TABLE credentials ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('change_seq');
CREATE INDEX credentials_pull ON credentials (change_seq);
CREATE TRIGGER credentials_change_seq BEFORE UPDATE ON credentials FOR EACH ROW EXECUTE FUNCTION bump_change_seq();
CREATE TRIGGER credentials_lock_changes BEFORE INSERT OR UPDATE ON credentials FOR EACH STATEMENT EXECUTE FUNCTION lock_changes();
