-- Shiftlearn kiosk store, schema version 10: security events for the server (PIN lockouts,
-- unknown-badge throttling; common/contracts/security-events.ts). Queued here when they happen and
-- deleted once the server has them, so an offline terminal reports them when it is back.
CREATE TABLE security_event_outbox (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL,
  detail      TEXT NOT NULL,
  occurred_at TEXT NOT NULL
);
