// Issue 21 (8): fair to the recipient. A plan's per-contact frequency cap across an account's
// campaigns (at most one campaign message per number per `contact_cap_hours`, 0 = off), and
// what a campaign does with numbers another campaign reached inside that time: wait for them
// (the default) or skip them (`skipped`, reason `frequency_cap`, not charged). The index serves
// the claim's one NOT EXISTS probe per row: has this account's number been claimed by a
// campaign since the cutoff? Rows never claimed (queued at launch) stay out of it.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE plans ADD COLUMN contact_cap_hours integer NOT NULL DEFAULT 24 CHECK (contact_cap_hours >= 0);
ALTER TABLE campaigns ADD COLUMN contact_cap_mode text NOT NULL DEFAULT 'wait' CHECK (contact_cap_mode IN ('wait', 'skip'));
CREATE INDEX outbox_contact_cap_idx ON outbox (account_id, phone, claimed_at) WHERE claimed_at IS NOT NULL;
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`
DROP INDEX IF EXISTS outbox_contact_cap_idx;
ALTER TABLE campaigns DROP COLUMN IF EXISTS contact_cap_mode;
ALTER TABLE plans DROP COLUMN IF EXISTS contact_cap_hours;
`);
}
