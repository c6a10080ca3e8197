// Processes that drive sender sessions announce themselves here, so that each can take its
// fair share of the sessions: a second `wa-chatops start` on the same database gets half of
// the senders instead of standing by.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
CREATE TABLE gateway_processes (
  owner_id    text PRIMARY KEY,
  seen_until  timestamptz NOT NULL
);`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`DROP TABLE gateway_processes;`);
}
