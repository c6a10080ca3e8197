// Issue 14 item 6: a campaign whose audience is another campaign's recipients by their result
// (not read, not delivered, failed, read) instead of a list.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE campaigns ADD COLUMN source_campaign_id integer REFERENCES campaigns(id) ON DELETE SET NULL,
  ADD COLUMN audience text CHECK (audience IN ('not_read', 'not_delivered', 'failed', 'read'));
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q('ALTER TABLE campaigns DROP COLUMN IF EXISTS audience, DROP COLUMN IF EXISTS source_campaign_id');
}
