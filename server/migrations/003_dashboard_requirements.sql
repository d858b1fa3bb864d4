-- What each role and each station requires (lessons and skills). Terminals pull them with the
-- roster: role requirements are global (a role means the same everywhere), station requirements
-- belong to a site's station. One row per owner, so a change is one pulled row; a removed
-- requirement keeps its row with empty lists (terminals get it as an upsert, never a delete).
CREATE TABLE role_requirements (
  role text PRIMARY KEY,
  lessons text[] NOT NULL DEFAULT '{}',
  skills text[] NOT NULL DEFAULT '{}',
  change_seq bigint NOT NULL DEFAULT nextval('change_seq')
);
CREATE INDEX role_requirements_pull ON role_requirements (change_seq);

CREATE TABLE station_requirements (
  site_id text NOT NULL,
  station_id text NOT NULL,
  lessons text[] NOT NULL DEFAULT '{}',
  skills text[] NOT NULL DEFAULT '{}',
  change_seq bigint NOT NULL DEFAULT nextval('change_seq'),
  PRIMARY KEY (site_id, station_id),
  FOREIGN KEY (site_id, station_id) REFERENCES stations (site_id, id)
);
CREATE INDEX station_requirements_pull ON station_requirements (site_id, change_seq);

CREATE TRIGGER role_requirements_change_seq BEFORE UPDATE ON role_requirements FOR EACH ROW EXECUTE FUNCTION bump_change_seq();
CREATE TRIGGER station_requirements_change_seq BEFORE UPDATE ON station_requirements FOR EACH ROW EXECUTE FUNCTION bump_change_seq();

-- Supervisor flag from the HR roster: terminals let these workers open the station board (with a PIN).
ALTER TABLE workers ADD COLUMN supervisor boolean NOT NULL DEFAULT false;

-- Dashboard users (supervisors and admins at a desk). Passwords are chosen by people, so they get
-- scrypt with a per-user salt (format in server/dashboard/passwords.ts), not a plain hash.
CREATE TABLE users (
  id uuid PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'supervisor')),
  sites text[] NOT NULL DEFAULT '{}',
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Session tokens are 32 random bytes, so SHA-256 of the token is stored (like terminal credentials).
CREATE TABLE dashboard_sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX dashboard_sessions_user ON dashboard_sessions (user_id);

-- Failed logins per email (known or not, so a lockout does not reveal which emails exist).
CREATE TABLE login_failures (
  email text PRIMARY KEY,
  failures integer NOT NULL,
  locked_until timestamptz
);
