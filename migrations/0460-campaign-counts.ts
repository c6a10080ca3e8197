// Per-campaign outbox counters (issues 19 item 4, 22 item 1). Every statement that inserts,
// updates or deletes outbox rows adds its net change per (campaign, status, reason) to
// campaign_counts in the same transaction, through statement-level triggers: so every
// path that moves rows (dispatch, receipts, reconcile, cancel, opt-out, retention, and any
// added later) keeps them exact without knowing about them. Progress, `status`, the console
// and the completion check read a handful of counter rows instead of the whole outbox.
//
// - reason is kept only for failed and skipped rows (the chat's "failed by reason");
// - variant and channel are there for counts by variant / by channel: a migration that adds
//   those outbox columns changes only the key expressions in outbox_count_changes();
// - shard spreads one campaign's counter over 16 rows by backend, so concurrent senders of
//   one campaign do not queue on one row lock until they commit. A shard may go negative
//   (launched in shard 3, sent from shard 5); only the sum over shards means anything.
import type { MigrationContext } from '../src/db/migrate.js';

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(`
CREATE TABLE campaign_counts (
  campaign_id integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  status      text NOT NULL,
  reason      text NOT NULL DEFAULT '',
  variant     text NOT NULL DEFAULT '',
  channel     text NOT NULL DEFAULT '',
  shard       smallint NOT NULL,
  n           bigint NOT NULL,
  PRIMARY KEY (campaign_id, status, reason, variant, channel, shard)
);

CREATE FUNCTION outbox_count_changes() RETURNS trigger AS $$
BEGIN
  -- Sorted input: two backends in the same shard lock counter rows in the same order.
  -- The join with campaigns skips rows of a campaign being deleted (its counters go with it).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO campaign_counts AS cc (campaign_id, status, reason, shard, n)
    SELECT d.campaign_id, d.status, d.reason, pg_backend_pid() % 16, d.n FROM (
      SELECT campaign_id, status, CASE WHEN status IN ('failed', 'skipped') THEN coalesce(reason, '') ELSE '' END AS reason, count(*) AS n
        FROM new_rows GROUP BY 1, 2, 3) d
    JOIN campaigns c ON c.id = d.campaign_id
    ORDER BY 1, 2, 3
    ON CONFLICT (campaign_id, status, reason, variant, channel, shard) DO UPDATE SET n = cc.n + excluded.n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO campaign_counts AS cc (campaign_id, status, reason, shard, n)
    SELECT d.campaign_id, d.status, d.reason, pg_backend_pid() % 16, d.n FROM (
      SELECT campaign_id, status, reason, sum(k) AS n FROM (
        SELECT campaign_id, status, CASE WHEN status IN ('failed', 'skipped') THEN coalesce(reason, '') ELSE '' END AS reason, 1 AS k FROM new_rows
        UNION ALL
        SELECT campaign_id, status, CASE WHEN status IN ('failed', 'skipped') THEN coalesce(reason, '') ELSE '' END AS reason, -1 AS k FROM old_rows) u
      GROUP BY 1, 2, 3 HAVING sum(k) <> 0) d
    JOIN campaigns c ON c.id = d.campaign_id
    ORDER BY 1, 2, 3
    ON CONFLICT (campaign_id, status, reason, variant, channel, shard) DO UPDATE SET n = cc.n + excluded.n;
  ELSE
    INSERT INTO campaign_counts AS cc (campaign_id, status, reason, shard, n)
    SELECT d.campaign_id, d.status, d.reason, pg_backend_pid() % 16, -d.n FROM (
      SELECT campaign_id, status, CASE WHEN status IN ('failed', 'skipped') THEN coalesce(reason, '') ELSE '' END AS reason, count(*) AS n
        FROM old_rows GROUP BY 1, 2, 3) d
    JOIN campaigns c ON c.id = d.campaign_id
    ORDER BY 1, 2, 3
    ON CONFLICT (campaign_id, status, reason, variant, channel, shard) DO UPDATE SET n = cc.n + excluded.n;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER outbox_count_ins AFTER INSERT ON outbox
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION outbox_count_changes();
CREATE TRIGGER outbox_count_upd AFTER UPDATE ON outbox
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION outbox_count_changes();
CREATE TRIGGER outbox_count_del AFTER DELETE ON outbox
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION outbox_count_changes();

INSERT INTO campaign_counts (campaign_id, status, reason, shard, n)
SELECT campaign_id, status, CASE WHEN status IN ('failed', 'skipped') THEN coalesce(reason, '') ELSE '' END, 0, count(*)
  FROM outbox GROUP BY 1, 2, 3;
`);
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(`
DROP TRIGGER outbox_count_del ON outbox;
DROP TRIGGER outbox_count_upd ON outbox;
DROP TRIGGER outbox_count_ins ON outbox;
DROP FUNCTION outbox_count_changes();
DROP TABLE campaign_counts;
`);
}
