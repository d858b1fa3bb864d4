-- Fleet status: each terminal's latest self-report (POST /api/v1/sync/status), one row per terminal,
-- replaced on every report. received_at is the server's clock; the terminal's clock is not trusted.
-- The admins' fleet view (GET /api/v1/admin/terminals) joins it to terminals.
CREATE TABLE terminal_status (
  terminal_id uuid PRIMARY KEY REFERENCES terminals (id) ON DELETE CASCADE,
  received_at timestamptz NOT NULL,
  app_version text NOT NULL,
  site_id text NOT NULL,
  station_id text NOT NULL,
  last_sync_at timestamptz,
  queued integer NOT NULL,
  quarantined integer NOT NULL,
  reader_mode text NOT NULL,
  reader_state text NOT NULL,
  data_dir_free_bytes bigint
);
