-- Shiftlearn kiosk store, schema version 4: the resume point remembers which card it was on, so it
-- survives a new lesson version whose card at that index is unchanged (card ids are content hashes).
-- NULL for resume points saved before this version: those follow the old rule (same version only).
ALTER TABLE progress ADD COLUMN card_id TEXT;
