-- Security events terminals report (POST /api/v1/terminal/events): PIN lockouts and unknown-badge
-- throttling, shown to the site's supervisors on the dashboard. The id is the terminal's, so an
-- event sent again after a lost acknowledgement is stored once.
CREATE TABLE terminal_security_events (
  id uuid PRIMARY KEY,
  terminal_id uuid NOT NULL REFERENCES terminals (id) ON DELETE CASCADE,
  site_id text NOT NULL,
  station_id text NOT NULL,
  kind text NOT NULL,
  detail text NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX terminal_security_events_site ON terminal_security_events (site_id, occurred_at DESC);
