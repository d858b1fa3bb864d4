-- xAPI document resources (Communication 2.2-2.7): State, Activity Profile and Agent Profile
-- documents, kept as sent (bytes and content type). One table: the key columns a kind does not use
-- are '' (a state without registration, an activity profile has no agent, an agent profile no activity).
CREATE TABLE xapi_documents (
  kind text NOT NULL CHECK (kind IN ('state', 'activity-profile', 'agent-profile')),
  activity_id text NOT NULL,
  agent_key text NOT NULL,
  registration text NOT NULL,
  document_id text NOT NULL,
  content bytea NOT NULL,
  content_type text NOT NULL,
  -- SHA-1 of the content, hex: the document's ETag (Communication 3.1 Concurrency)
  sha1 text NOT NULL,
  updated timestamptz NOT NULL,
  PRIMARY KEY (kind, activity_id, agent_key, registration, document_id)
);
