// Issue 14 item 1: media campaigns. A file is stored once per account by its SHA-256
// (content-addressed: the same poster sent twice is one row), referenced by the campaigns
// that carry it, exported with the account, erased with it, and deleted by retention once
// no campaign inside the retention period uses it. The sandbox records each media send's
// kind, type and hash (stable interface, DESIGN.md §5; NULL for text).
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
CREATE TABLE media_files (
  account_id  integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  kind        text NOT NULL CHECK (kind IN ('image', 'video', 'audio', 'document')),
  mimetype    text NOT NULL,
  file_name   text,
  size_bytes  integer NOT NULL,
  data        bytea NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, sha256)
);
ALTER TABLE campaigns ADD COLUMN media_sha256 text;
ALTER TABLE sandbox_messages ADD COLUMN media_kind text, ADD COLUMN media_mime text, ADD COLUMN media_sha256 text;
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`ALTER TABLE sandbox_messages DROP COLUMN IF EXISTS media_kind, DROP COLUMN IF EXISTS media_mime, DROP COLUMN IF EXISTS media_sha256;
ALTER TABLE campaigns DROP COLUMN IF EXISTS media_sha256; DROP TABLE IF EXISTS media_files;`);
}
