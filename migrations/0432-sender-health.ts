// Issue 21 (7): senders that die quietly. When a sender is logged out or banned (needs linking
// again) or stays closed past its reconnect backoff, the incident is kept on the row, so the
// owner is told once per incident and admins see it (/metrics wa_chatops_senders_unhealthy).
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE sender_sessions ADD COLUMN unhealthy_since timestamptz, ADD COLUMN unhealthy_reason text, ADD COLUMN closed_since timestamptz;
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`ALTER TABLE sender_sessions DROP COLUMN IF EXISTS unhealthy_since, DROP COLUMN IF EXISTS unhealthy_reason, DROP COLUMN IF EXISTS closed_since;`);
}
