// Which process claimed a row that is "sending". Reconciliation must not touch a row whose
// claimer still holds its sender's lease: that send may be slow, not lost, and declaring it
// uncertain (and refunding it) while it still goes out would give a message away.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`ALTER TABLE outbox ADD COLUMN claimed_by text;`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`ALTER TABLE outbox DROP COLUMN claimed_by;`);
}
