// Issue 21 (item 1 of the second round): rows that wait for the per-contact frequency cap leave
// the claim index until their time. Before, every claim of a campaign whose rows all waited read
// each waiting row (one NOT EXISTS probe each) and found nothing: 47–88 ms a claim at 20,000 rows,
// growing with the rows. Now the claim, when its probe says "wait", sets `due_at` (when that
// number is free again) and the claim index holds only rows with no `due_at`; a small index on
// the held rows lets each claim put back the ones whose time has come.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE outbox ADD COLUMN due_at timestamptz;
CREATE INDEX outbox_claim_due_idx ON outbox(campaign_id, channel, id) WHERE status = 'queued' AND due_at IS NULL;
DROP INDEX IF EXISTS outbox_claim_channel_idx;
CREATE INDEX outbox_held_idx ON outbox(campaign_id, due_at) WHERE status = 'queued' AND due_at IS NOT NULL;
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`
DROP INDEX IF EXISTS outbox_held_idx;
CREATE INDEX IF NOT EXISTS outbox_claim_channel_idx ON outbox(campaign_id, channel, id) WHERE status = 'queued';
DROP INDEX IF EXISTS outbox_claim_due_idx;
ALTER TABLE outbox DROP COLUMN IF EXISTS due_at;
`);
}
