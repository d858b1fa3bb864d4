-- Requirement terms pulled from the server (issue 14): `position` keeps a requirement's lessons in
-- the order of its steps; recert_days and effective_from are the requirement's, repeated on each of
-- its rows (a requirement is always replaced whole, so the copies cannot disagree).
ALTER TABLE role_requirements ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE role_requirements ADD COLUMN recert_days INTEGER;
ALTER TABLE role_requirements ADD COLUMN effective_from TEXT;
ALTER TABLE station_requirements ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE station_requirements ADD COLUMN recert_days INTEGER;
ALTER TABLE station_requirements ADD COLUMN effective_from TEXT;
