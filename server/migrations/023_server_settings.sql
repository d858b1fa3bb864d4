-- Server-wide settings an admin changes at run time (issue 14), one row per setting with its JSON
-- value; a setting without a row has its default (server/settings/settings.ts).
CREATE TABLE server_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);
