-- Security audit log: failed sign-ins, lockouts and refused secrets, for the admin to read
-- (GET /api/v1/admin/audit-log). Rows name who or what was tried (email, terminal id, LRS key id)
-- and from where, never the secret itself.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  subject text,
  ip text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_newest ON audit_log (id DESC);
CREATE INDEX audit_log_kind ON audit_log (kind, id DESC);
