// Issue 14 item 3: alternative texts of a campaign (the main text stays in `body`) and the
// variant each outbox row got (0-based; NULL for rows made before variants existed).
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
ALTER TABLE campaigns ADD COLUMN alternates text[] NOT NULL DEFAULT '{}';
ALTER TABLE outbox ADD COLUMN variant smallint;
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q('ALTER TABLE outbox DROP COLUMN IF EXISTS variant; ALTER TABLE campaigns DROP COLUMN IF EXISTS alternates');
}
