-- Shiftlearn kiosk store, schema version 2: what the sync service keeps (electron/core/sync/).

-- The terminal's own identity at the server, from enrollment. The credential is this terminal's
-- secret (the server keeps only its hash); it is never logged. One row at most.
CREATE TABLE terminal_credential (
  id                   INTEGER PRIMARY KEY CHECK (id = 1),
  terminal_id          TEXT NOT NULL,
  credential           TEXT NOT NULL,
  site_id              TEXT NOT NULL,
  site_name            TEXT NOT NULL,
  station_id           TEXT NOT NULL,
  station_name         TEXT NOT NULL,
  -- SHA-256 of the normalised code it was enrolled with: a new code in the config means re-enroll.
  enrollment_code_hash TEXT NOT NULL,
  enrolled_at          TEXT NOT NULL,
  -- Set when the server refuses the credential (revoked or unknown): sync stops until re-enrolled.
  rejected_reason      TEXT
);

-- Small key/value state: pull cursor, last successful sync, a refused enrollment code.
CREATE TABLE sync_state (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- The statement as first sent, frozen: a resend must be byte-for-byte the same statement even if
-- the lesson title or the worker's name changed since, or the server would answer 409.
ALTER TABLE outbox ADD COLUMN statement_json TEXT;
ALTER TABLE outbox ADD COLUMN quarantined_at TEXT;
CREATE INDEX outbox_quarantined ON outbox(quarantined_at) WHERE quarantined_reason IS NOT NULL;

-- Pulled lesson versions waiting for their media; the older version in `lessons` stays playable
-- until every media file of the new one is in the cache.
CREATE TABLE pending_lessons (
  id       TEXT NOT NULL,
  language TEXT NOT NULL,
  version  INTEGER NOT NULL,
  json     TEXT NOT NULL,
  PRIMARY KEY (id, language)
);

-- Assignments pulled from the server (who must do which lesson by when), as the sync contract sends them.
CREATE TABLE assignments (
  id   TEXT PRIMARY KEY,
  json TEXT NOT NULL
);
