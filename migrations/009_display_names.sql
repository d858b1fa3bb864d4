-- Shiftlearn kiosk store, schema version 9: role, station and skill names per language, pulled from
-- the server (issue 13), so reasons are worded in the worker's language with the plant's own names.
-- A row is one name in one language; a name removed on the server is deleted here.
CREATE TABLE display_names (
  kind     TEXT NOT NULL CHECK (kind IN ('role', 'station', 'skill')),
  id       TEXT NOT NULL,
  language TEXT NOT NULL,
  name     TEXT NOT NULL,
  PRIMARY KEY (kind, id, language)
);
