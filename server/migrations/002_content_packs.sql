-- Content packs published with `npm run content -- publish`. Lesson files are kept by the SHA-256 of
-- their bytes (like media), so a re-publish uploads only what the server lacks; a pack row records
-- which manifest was published when. The lessons themselves go into `lessons`, which terminals pull.
CREATE TABLE pack_lesson_files (
  sha256 text PRIMARY KEY,
  bytes bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE packs (
  pack_version text PRIMARY KEY,
  manifest jsonb NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now()
);
