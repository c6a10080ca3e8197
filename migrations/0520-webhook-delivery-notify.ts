// A wake-up for the deliver-webhooks job (issue 15 item 7): every statement that queues
// deliveries sends NOTIFY webhook_deliveries when its transaction commits, so a waiting job
// delivers at once instead of at its next poll (the lag from a receipt to its webhook was
// the poll interval plus a worker start). Statement-level, and silent when the statement
// inserted nothing: the dispatch path's CTEs run on every batch, mostly with no endpoint.
// NOTIFY folds identical notifications of one transaction into one.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
CREATE FUNCTION webhook_deliveries_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows) THEN PERFORM pg_notify('webhook_deliveries', ''); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER webhook_deliveries_notify AFTER INSERT ON webhook_deliveries
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION webhook_deliveries_notify();
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q('DROP TRIGGER IF EXISTS webhook_deliveries_notify ON webhook_deliveries; DROP FUNCTION IF EXISTS webhook_deliveries_notify()');
}
