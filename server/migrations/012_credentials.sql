-- Certifications and the credentials issued for them (server/credentials/). A certification names
-- a requirement of the requirements model (a role's or a station's lessons) and how long it stays
-- valid; its lessons are read from that requirement when it is evaluated, so the two never drift.
CREATE TABLE certifications (
  id text PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  requirement_role text,
  requirement_site_id text,
  requirement_station_id text,
  -- Days from the oldest completion it rests on until it expires; NULL never expires.
  validity_days integer CHECK (validity_days > 0),
  retired boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((requirement_role IS NOT NULL) <> (requirement_station_id IS NOT NULL)),
  CHECK ((requirement_site_id IS NULL) = (requirement_station_id IS NULL)),
  FOREIGN KEY (requirement_site_id, requirement_station_id) REFERENCES stations (site_id, id)
);

-- The issuer's Ed25519 signing key. The private JWK is AES-256-GCM encrypted with a key that is
-- never in the database (SHIFTLEARN_CREDENTIAL_KEY or the key file next to the data); the public
-- JWK is published as the JWKS and in the did:web document.
CREATE TABLE issuer_keys (
  kid text PRIMARY KEY,
  public_jwk jsonb NOT NULL,
  private_jwk_encrypted text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Each credential owns one bit of the revocation status list, for ever.
CREATE SEQUENCE credential_status_index MINVALUE 0 START 0;

-- basis: a hash of the completions the credential rests on. The same basis is the same
-- credential (issued once); a recertification gives a new basis and so a new credential, which
-- supersedes the old one (the old one still expires on its own date).
CREATE TABLE credentials (
  id uuid PRIMARY KEY,
  certification_id text NOT NULL REFERENCES certifications (id),
  employee_id text NOT NULL REFERENCES workers (employee_id),
  status_index integer NOT NULL UNIQUE,
  basis text NOT NULL,
  issued_at timestamptz NOT NULL,
  valid_from timestamptz NOT NULL,
  valid_until timestamptz,
  lessons jsonb NOT NULL,
  jws text NOT NULL,
  revoked_at timestamptz,
  revoked_reason text,
  revoked_by text,
  UNIQUE (certification_id, employee_id, basis)
);
CREATE INDEX credentials_worker ON credentials (employee_id, certification_id, valid_from DESC);
