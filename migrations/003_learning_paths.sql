-- Shiftlearn kiosk store, schema version 3: what the learning-path engine (common/paths) reads and writes.

-- What a role or a station requires: one row names either a lesson or a skill, never both. Filled by
-- the demo seed and by the roster sync from the server; the whole set is replaced at once.
CREATE TABLE role_requirements (
  role      TEXT NOT NULL,
  lesson_id TEXT,
  skill     TEXT,
  CHECK ((lesson_id IS NULL) <> (skill IS NULL))
);
CREATE UNIQUE INDEX role_requirements_unique ON role_requirements(role, ifnull(lesson_id, ''), ifnull(skill, ''));

CREATE TABLE station_requirements (
  station_id TEXT NOT NULL,
  lesson_id  TEXT,
  skill      TEXT,
  CHECK ((lesson_id IS NULL) <> (skill IS NULL))
);
CREATE UNIQUE INDEX station_requirements_unique ON station_requirements(station_id, ifnull(lesson_id, ''), ifnull(skill, ''));

-- FSRS memory state of one knowledge-check item for one worker: `state_json` is the engine's ItemState
-- (common/paths/types.ts) as JSON; `due_at` repeats its due date so "what is due" needs no JSON parsing.
-- Not tied to workers by a foreign key: a roster sync that drops and re-adds a worker must not erase
-- their review schedule.
CREATE TABLE item_states (
  worker_id  TEXT NOT NULL,
  item_id    TEXT NOT NULL,
  lesson_id  TEXT NOT NULL,
  due_at     TEXT NOT NULL,
  state_json TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (worker_id, item_id)
);
