// Issue 21 (1): numbers not on WhatsApp. A plan setting for how many onWhatsApp checks a
// sender may make per hour, and a cache of verdicts shared by every account: only a keyed
// hash of the number (like the retention stand-ins), the verdict and when, kept 30 days.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE plans ADD COLUMN number_checks_per_hour integer NOT NULL DEFAULT 300 CHECK (number_checks_per_hour >= 0);
CREATE TABLE number_checks (
  phone_hash  text PRIMARY KEY,
  on_whatsapp boolean NOT NULL,
  checked_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX number_checks_checked_at_idx ON number_checks (checked_at);
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`
DROP TABLE IF EXISTS number_checks;
ALTER TABLE plans DROP COLUMN IF EXISTS number_checks_per_hour;
`);
}
