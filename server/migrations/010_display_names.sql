-- Role, station and skill names in each language the plant speaks (issue 13): the kiosk words reasons
-- in the worker's language ("Obligatorio para tu puesto (operador de prensa)") instead of showing the
-- slug. Station names belong to one site; role and skill names hold at every site (site_id '').
-- A removed name stays as a row with name NULL, so the removal reaches terminals like any change.
CREATE TABLE display_names (
  kind text NOT NULL CHECK (kind IN ('role', 'station', 'skill')),
  site_id text NOT NULL DEFAULT '',
  id text NOT NULL,
  language text NOT NULL,
  name text,
  change_seq bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (kind, site_id, id, language),
  CHECK ((kind = 'station') = (site_id <> ''))
);
CREATE INDEX display_names_pull ON display_names (change_seq);
CREATE TRIGGER display_names_change_seq BEFORE UPDATE ON display_names FOR EACH ROW EXECUTE FUNCTION bump_change_seq();
CREATE TRIGGER display_names_lock_changes BEFORE INSERT OR UPDATE ON display_names FOR EACH STATEMENT EXECUTE FUNCTION lock_changes();
