-- xAPI attachments (Data 2.4.11), content-addressed by their SHA-2 like media: one file attached
-- to many statements is kept once. The statements keep the metadata; this keeps the bytes.
CREATE TABLE xapi_attachments (
  sha2 text PRIMARY KEY,
  content_type text NOT NULL,
  content bytea NOT NULL
);
