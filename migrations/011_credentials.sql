-- Certification credentials of this site's workers, pulled from the server for the worker's own
-- "My training" screen (offline). Keyed by the server's credential id; the worker by employee id,
-- as the server names them. Only what the screen shows: the signed credential stays on the server.
CREATE TABLE credentials (
  id               TEXT PRIMARY KEY,
  employee_id      TEXT NOT NULL,
  certification_id TEXT NOT NULL,
  name             TEXT NOT NULL,
  valid_from       TEXT NOT NULL,
  valid_until      TEXT,
  revoked          INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1)),
  lessons_json     TEXT NOT NULL
);
CREATE INDEX credentials_employee ON credentials(employee_id, certification_id, valid_from);
