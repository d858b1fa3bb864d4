-- The hash of the request id the terminal sent with the enrollment that used the code: a retry
-- with the same code and request id (the first answer was lost on the way) is answered again with
-- the same terminal and a new credential (server/enrollment/enroll-terminal.ts). NULL for codes
-- used before this column, or by terminals that send no request id: those stay refused on a retry.
ALTER TABLE enrollment_codes ADD COLUMN used_request_hash text;
