-- Shiftlearn kiosk store, schema version 6: the HR roster's supervisor flag, pulled with the worker.
-- A worker with the flag (or the 'supervisor' role) opens the station board after their PIN; a
-- roster that drops the flag takes the access away at the next pull. supervisor_pins (005) now
-- holds every staff PIN pulled from the server (supervisors and site IT), keyed by worker id.
ALTER TABLE workers ADD COLUMN supervisor INTEGER NOT NULL DEFAULT 0 CHECK (supervisor IN (0, 1));
