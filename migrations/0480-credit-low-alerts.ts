// Issue 15, `credits.low`: one row per (account, top-up) whose low-credit crossing was
// reported, so the event fires once per crossing and a new top-up re-arms it.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
CREATE TABLE credit_low_alerts (
  account_id      integer NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  topup_ledger_id bigint NOT NULL,
  at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, topup_ledger_id)
);
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q('DROP TABLE IF EXISTS credit_low_alerts');
}
