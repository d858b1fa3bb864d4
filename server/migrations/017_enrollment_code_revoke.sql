-- An enrollment code can be revoked before use (a code sent to the wrong person, a terminal not
-- installed after all); enrolling with it is then refused like an expired one.
ALTER TABLE enrollment_codes ADD COLUMN revoked_at timestamptz;
