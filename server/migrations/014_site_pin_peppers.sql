-- Per-site PIN peppers (server/staff/pin-pepper.ts): terminals get staff PIN hashes keyed with
-- their site's pepper, and the pepper itself only over the authenticated enrollment and pull
-- answers, so a copied kiosk database alone cannot be checked offline. Not a pulled table.
CREATE TABLE site_pin_peppers (
  site_id text PRIMARY KEY REFERENCES sites (id),
  pepper text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Hashes terminals pulled before keying existed are sent again, keyed, at their next pull.
UPDATE staff_pins SET updated_at = updated_at WHERE pin_hash IS NOT NULL;
