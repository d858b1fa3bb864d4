-- Everything a terminal pulls carries change_seq from one global sequence; an update takes a new
-- value (trigger), so "change_seq > cursor" finds every row changed since the terminal's last pull.
-- Rows a terminal pulls are never removed, only marked deleted, so the delete reaches the terminal.
CREATE SEQUENCE change_seq;

CREATE FUNCTION bump_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_seq := nextval('change_seq');
  RETURN NEW;
END
$$;

CREATE TABLE sites (
  id text PRIMARY KEY,
  name text NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  change_seq bigint NOT NULL DEFAULT nextval('change_seq'),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stations (
  site_id text NOT NULL REFERENCES sites (id),
  id text NOT NULL,
  name text NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  change_seq bigint NOT NULL DEFAULT nextval('change_seq'),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, id)
);
CREATE INDEX stations_pull ON stations (site_id, change_seq);

CREATE TABLE terminals (
  id uuid PRIMARY KEY,
  site_id text NOT NULL,
  station_id text NOT NULL,
  name text NOT NULL,
  credential_hash text NOT NULL,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_seen_at timestamptz,
  FOREIGN KEY (site_id, station_id) REFERENCES stations (site_id, id)
);

CREATE TABLE enrollment_codes (
  code_hash text PRIMARY KEY,
  site_id text NOT NULL,
  station_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  terminal_id uuid REFERENCES terminals (id),
  FOREIGN KEY (site_id, station_id) REFERENCES stations (site_id, id)
);

CREATE TABLE admin_tokens (
  id uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  label text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- Key/secret pairs for xAPI reporting tools (HTTP Basic on /xapi).
CREATE TABLE lrs_keys (
  key text PRIMARY KEY,
  secret_hash text NOT NULL,
  label text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

CREATE TABLE workers (
  employee_id text PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id),
  display_name text NOT NULL,
  language text NOT NULL,
  roles text[] NOT NULL DEFAULT '{}',
  stations text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  deleted boolean NOT NULL DEFAULT false,
  change_seq bigint NOT NULL DEFAULT nextval('change_seq')
);
CREATE INDEX workers_pull ON workers (site_id, change_seq);

CREATE TABLE badges (
  badge_id text PRIMARY KEY,
  employee_id text NOT NULL REFERENCES workers (employee_id),
  site_id text NOT NULL REFERENCES sites (id),
  deleted boolean NOT NULL DEFAULT false,
  change_seq bigint NOT NULL DEFAULT nextval('change_seq')
);
CREATE INDEX badges_pull ON badges (site_id, change_seq);

-- site_id NULL: a global lesson every site pulls.
CREATE TABLE lessons (
  id text NOT NULL,
  language text NOT NULL,
  version integer NOT NULL,
  site_id text REFERENCES sites (id),
  json jsonb NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  change_seq bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (id, language)
);
CREATE INDEX lessons_pull ON lessons (site_id, change_seq);

CREATE TABLE assignments (
  id text PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id),
  lesson_id text NOT NULL,
  station_id text,
  role text,
  employee_id text,
  due_at timestamptz,
  deleted boolean NOT NULL DEFAULT false,
  change_seq bigint NOT NULL DEFAULT nextval('change_seq')
);
CREATE INDEX assignments_pull ON assignments (site_id, change_seq);

CREATE TRIGGER sites_change_seq BEFORE UPDATE ON sites FOR EACH ROW EXECUTE FUNCTION bump_change_seq();
CREATE TRIGGER stations_change_seq BEFORE UPDATE ON stations FOR EACH ROW EXECUTE FUNCTION bump_change_seq();
CREATE TRIGGER workers_change_seq BEFORE UPDATE ON workers FOR EACH ROW EXECUTE FUNCTION bump_change_seq();
CREATE TRIGGER badges_change_seq BEFORE UPDATE ON badges FOR EACH ROW EXECUTE FUNCTION bump_change_seq();
CREATE TRIGGER lessons_change_seq BEFORE UPDATE ON lessons FOR EACH ROW EXECUTE FUNCTION bump_change_seq();
CREATE TRIGGER assignments_change_seq BEFORE UPDATE ON assignments FOR EACH ROW EXECUTE FUNCTION bump_change_seq();

-- Content media by the SHA-256 of their bytes (immutable, so no change_seq).
CREATE TABLE media (
  sha256 text PRIMARY KEY,
  content_type text NOT NULL,
  size integer NOT NULL,
  bytes bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- xAPI statements. seq orders GET results and `more` pages; content_hash decides whether a
-- re-sent id is the same statement (no-op) or a conflict (409).
CREATE TABLE statements (
  id uuid PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  statement jsonb NOT NULL,
  content_hash text NOT NULL,
  stored timestamptz NOT NULL,
  terminal_id uuid,
  site_id text,
  actor_key text,
  verb_id text NOT NULL,
  activity_id text
);
CREATE INDEX statements_site ON statements (site_id, seq);
CREATE INDEX statements_actor ON statements (actor_key, seq);
CREATE INDEX statements_verb ON statements (verb_id, seq);
CREATE INDEX statements_activity ON statements (activity_id, seq);
CREATE INDEX statements_stored ON statements (stored);
