-- Shiftlearn kiosk store, schema version 8: escalating PIN lockouts (issue 12 item 4). `lockouts` counts the
-- lockouts a subject has had since its last right PIN; each one lasts twice the one before
-- (electron/core/supervisor/lockout.ts), so the count survives a restart with the rest of the row.
ALTER TABLE pin_attempts ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0 CHECK (lockouts >= 0);
