-- Shiftlearn kiosk store, schema version 7: the lesson attempt in play, kept by the core so it
-- survives a kiosk restart or a page reload (issue 10 repro 7). The core makes the attempt's
-- completion id when the lesson starts; a Done sent again after a crash finds the completion stored
-- under it and gets the same receipt instead of a second completion. At most one attempt is in play
-- at a terminal: signing out, or someone else signing in, removes it. `recorded_at` is set in the
-- transaction that stores the completion, so a reloaded screen can show that receipt.
CREATE TABLE pending_attempt (
  worker_id TEXT PRIMARY KEY,
  lesson_id TEXT NOT NULL,
  language TEXT NOT NULL,
  lesson_version INTEGER NOT NULL,
  completion_id TEXT NOT NULL UNIQUE,
  started_at TEXT NOT NULL,
  -- every answer graded in this attempt, retries included, in order: [{itemId, cardId, chosen, correct, answeredAt}]
  answers_json TEXT NOT NULL DEFAULT '[]',
  recorded_at TEXT
);
