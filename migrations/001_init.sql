-- Shiftlearn kiosk store, schema version 1. Applied once, in one transaction, by electron/core/store/migrate.ts.

CREATE TABLE sites (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL
);

CREATE TABLE stations (
  id      TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites(id),
  name    TEXT NOT NULL
);

CREATE TABLE workers (
  id           TEXT PRIMARY KEY,
  employee_id  TEXT NOT NULL UNIQUE,
  first_name   TEXT NOT NULL,
  display_name TEXT NOT NULL,
  language     TEXT NOT NULL,
  site_id      TEXT REFERENCES sites(id),
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE worker_roles (
  worker_id TEXT NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
  role      TEXT NOT NULL,
  PRIMARY KEY (worker_id, role)
);

CREATE TABLE worker_stations (
  worker_id  TEXT NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
  station_id TEXT NOT NULL,
  PRIMARY KEY (worker_id, station_id)
);

CREATE TABLE badges (
  badge_id  TEXT PRIMARY KEY,
  worker_id TEXT NOT NULL REFERENCES workers(id) ON DELETE CASCADE
);
CREATE INDEX badges_worker ON badges(worker_id);

-- One row per lesson and language. The full Lesson (common/contracts/lesson.ts) is in `json`; the other
-- columns are what picking the next lesson needs without parsing every lesson on each badge tap.
CREATE TABLE lessons (
  id                    TEXT NOT NULL,
  language              TEXT NOT NULL,
  version               INTEGER NOT NULL,
  title                 TEXT NOT NULL,
  summary               TEXT NOT NULL,
  duration_minutes      REAL NOT NULL,
  roles_json            TEXT NOT NULL DEFAULT '[]',
  stations_json         TEXT NOT NULL DEFAULT '[]',
  recertify_after_days  INTEGER,
  json                  TEXT NOT NULL,
  PRIMARY KEY (id, language)
);

CREATE TABLE media (
  sha256        TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  mime_type     TEXT NOT NULL,
  size          INTEGER NOT NULL,
  relative_path TEXT NOT NULL
);

-- A completion is the local copy of one xAPI statement; `id` is the statement UUID made on the terminal.
CREATE TABLE completions (
  id             TEXT PRIMARY KEY,
  worker_id      TEXT NOT NULL REFERENCES workers(id),
  lesson_id      TEXT NOT NULL,
  lesson_version INTEGER NOT NULL,
  language       TEXT NOT NULL,
  score          REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
  passed         INTEGER CHECK (passed IS NULL OR passed IN (0, 1)),
  duration_ms    INTEGER NOT NULL CHECK (duration_ms >= 0),
  answers_json   TEXT NOT NULL,
  started_at     TEXT NOT NULL,
  completed_at   TEXT NOT NULL,
  site_id        TEXT NOT NULL,
  station_id     TEXT NOT NULL
);
CREATE INDEX completions_worker_lesson ON completions(worker_id, lesson_id, completed_at);

CREATE TABLE item_results (
  id            INTEGER PRIMARY KEY,
  completion_id TEXT NOT NULL REFERENCES completions(id) ON DELETE CASCADE,
  worker_id     TEXT NOT NULL,
  lesson_id     TEXT NOT NULL,
  item_id       TEXT NOT NULL,
  chosen_json   TEXT NOT NULL,
  correct       INTEGER NOT NULL CHECK (correct IN (0, 1)),
  answered_at   TEXT NOT NULL
);
CREATE INDEX item_results_worker_item ON item_results(worker_id, item_id);

-- Resume point: the card a worker was on when they left a lesson.
CREATE TABLE progress (
  worker_id      TEXT NOT NULL REFERENCES workers(id) ON DELETE CASCADE,
  lesson_id      TEXT NOT NULL,
  lesson_version INTEGER NOT NULL,
  card_index     INTEGER NOT NULL CHECK (card_index >= 0),
  updated_at     TEXT NOT NULL,
  PRIMARY KEY (worker_id, lesson_id)
);

CREATE TABLE events (
  id     INTEGER PRIMARY KEY AUTOINCREMENT,
  at     TEXT NOT NULL,
  kind   TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX events_at ON events(at);

-- Completions waiting to be sent to the server; the row is written in the same transaction as the completion.
CREATE TABLE outbox (
  statement_id       TEXT PRIMARY KEY REFERENCES completions(id),
  created_at         TEXT NOT NULL,
  attempts           INTEGER NOT NULL DEFAULT 0,
  next_try_at        TEXT NOT NULL,
  last_error         TEXT,
  quarantined_reason TEXT
);
CREATE INDEX outbox_next_try ON outbox(next_try_at) WHERE quarantined_reason IS NULL;
