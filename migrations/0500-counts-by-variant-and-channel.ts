// The per-campaign counters of 0460 keyed by variant and channel too (issue 19 item 4: "by
// status, by variant, by channel"), now that outbox has both columns (0420, 0450). `status`,
// the console and the API read per-variant and per-channel counts from a handful of counter
// rows instead of grouping the campaign's outbox on every view. Only the key expressions of
// outbox_count_changes() change; the counters are rebuilt once from the outbox.
import type { MigrationContext } from '../src/db/migrate.js';

const fn = (keys: { variant: string; channel: string }) => `
CREATE OR REPLACE FUNCTION outbox_count_changes() RETURNS trigger AS $$
BEGIN
  -- Sorted input: two backends in the same shard lock counter rows in the same order.
  -- The join with campaigns skips rows of a campaign being deleted (its counters go with it).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO campaign_counts AS cc (campaign_id, status, reason, variant, channel, shard, n)
    SELECT d.campaign_id, d.status, d.reason, d.variant, d.channel, pg_backend_pid() % 16, d.n FROM (
      SELECT campaign_id, status, CASE WHEN status IN ('failed', 'skipped') THEN coalesce(reason, '') ELSE '' END AS reason,
             ${keys.variant} AS variant, ${keys.channel} AS channel, count(*) AS n
        FROM new_rows GROUP BY 1, 2, 3, 4, 5) d
    JOIN campaigns c ON c.id = d.campaign_id
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (campaign_id, status, reason, variant, channel, shard) DO UPDATE SET n = cc.n + excluded.n;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO campaign_counts AS cc (campaign_id, status, reason, variant, channel, shard, n)
    SELECT d.campaign_id, d.status, d.reason, d.variant, d.channel, pg_backend_pid() % 16, d.n FROM (
      SELECT campaign_id, status, reason, variant, channel, sum(k) AS n FROM (
        SELECT campaign_id, status, CASE WHEN status IN ('failed', 'skipped') THEN coalesce(reason, '') ELSE '' END AS reason,
               ${keys.variant} AS variant, ${keys.channel} AS channel, 1 AS k FROM new_rows
        UNION ALL
        SELECT campaign_id, status, CASE WHEN status IN ('failed', 'skipped') THEN coalesce(reason, '') ELSE '' END AS reason,
               ${keys.variant} AS variant, ${keys.channel} AS channel, -1 AS k FROM old_rows) u
      GROUP BY 1, 2, 3, 4, 5 HAVING sum(k) <> 0) d
    JOIN campaigns c ON c.id = d.campaign_id
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (campaign_id, status, reason, variant, channel, shard) DO UPDATE SET n = cc.n + excluded.n;
  ELSE
    INSERT INTO campaign_counts AS cc (campaign_id, status, reason, variant, channel, shard, n)
    SELECT d.campaign_id, d.status, d.reason, d.variant, d.channel, pg_backend_pid() % 16, -d.n FROM (
      SELECT campaign_id, status, CASE WHEN status IN ('failed', 'skipped') THEN coalesce(reason, '') ELSE '' END AS reason,
             ${keys.variant} AS variant, ${keys.channel} AS channel, count(*) AS n
        FROM old_rows GROUP BY 1, 2, 3, 4, 5) d
    JOIN campaigns c ON c.id = d.campaign_id
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (campaign_id, status, reason, variant, channel, shard) DO UPDATE SET n = cc.n + excluded.n;
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql;`;

const rebuild = (keys: { variant: string; channel: string }) => `
DELETE FROM campaign_counts;
INSERT INTO campaign_counts (campaign_id, status, reason, variant, channel, shard, n)
SELECT campaign_id, status, CASE WHEN status IN ('failed', 'skipped') THEN coalesce(reason, '') ELSE '' END,
       ${keys.variant}, ${keys.channel}, 0, count(*)
  FROM outbox GROUP BY 1, 2, 3, 4, 5;`;

const NEW = { variant: "coalesce(variant::text, '')", channel: 'channel' };
const OLD = { variant: "''", channel: "''" };

export async function up({ context: q }: MigrationContext): Promise<void> {
  await q(fn(NEW) + rebuild(NEW));
}

export async function down({ context: q }: MigrationContext): Promise<void> {
  await q(fn(OLD) + rebuild(OLD));
}
