// Issue 6: a warm-up ladder configurable per plan and per sender, and an e-mail address
// for billing reminders (members have only phones).
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE plans ADD COLUMN warmup_ladder integer[] CHECK (0 <= ALL (warmup_ladder));
ALTER TABLE sender_sessions ADD COLUMN warmup_ladder integer[] CHECK (0 <= ALL (warmup_ladder));
ALTER TABLE accounts ADD COLUMN billing_email text;
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE plans DROP COLUMN IF EXISTS warmup_ladder;
ALTER TABLE sender_sessions DROP COLUMN IF EXISTS warmup_ladder;
ALTER TABLE accounts DROP COLUMN IF EXISTS billing_email;
`);
}
