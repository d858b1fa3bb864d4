-- Shiftlearn kiosk store, schema version 5: PINs for supervisors at the terminal (electron/core/supervisor/).

-- One salted scrypt hash per staff worker, supervisor or site IT ("scrypt$N$r$p$salt$hash"), never the
-- PIN. Pulled from the server as 'staff-pin' changes (electron/core/sync/apply-pull.ts; see 006), or
-- seeded in the demo. Not tied to workers by a foreign key: a roster sync that drops and re-adds a
-- worker must not drop their PIN.
CREATE TABLE supervisor_pins (
  worker_id  TEXT PRIMARY KEY,
  pin_hash   TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Wrong-PIN counting per subject ('supervisor:<worker id>', 'it:<worker id>' or 'diagnostics'): survives a restart, so
-- pulling the plug does not reset a lockout.
CREATE TABLE pin_attempts (
  subject      TEXT PRIMARY KEY,
  failures     INTEGER NOT NULL CHECK (failures >= 0),
  locked_until TEXT
);
