// Campaigns with their outbox counts per status, newest first (the console's list polls it).
// The counts come from campaign_counts (migration 0460), a handful of rows per campaign.
import type { Queryable } from '../../db/database.js';
import type { CampaignStatus } from '../campaigns.js';
import type { OutboxStatus } from '../progress.js';

export interface CampaignCountsRow {
  id: number; name: string; status: CampaignStatus; account_id: number; account_name: string;
  recipients: number; created_at: Date; launched_at: Date | null;
  /** Contacts on the campaign's list now, for a campaign not launched yet (null once launched). */
  list_size: number | null;
  counts: Partial<Record<OutboxStatus, number>>;
}

export async function getCampaignProgress(q: Queryable, filter: { accountId: number | null; limit: number }): Promise<CampaignCountsRow[]> {
  return q.query<CampaignCountsRow>(
    `SELECT c.id, c.name, c.status, c.account_id, a.name AS account_name, c.recipients, c.created_at, c.launched_at,
            CASE WHEN c.status IN ('draft', 'demo_sent') THEN (SELECT count(*) FROM contacts ct WHERE ct.list_id = c.list_id)::int END AS list_size,
            coalesce(o.counts, '{}'::jsonb) AS counts
       FROM campaigns c JOIN accounts a ON a.id = c.account_id
       LEFT JOIN LATERAL (
         SELECT jsonb_object_agg(status, n) AS counts
           FROM (SELECT status, sum(n) AS n FROM campaign_counts WHERE campaign_id = c.id GROUP BY status HAVING sum(n) <> 0) s) o ON true
      WHERE ($1::int IS NULL OR c.account_id = $1)
      ORDER BY c.id DESC LIMIT $2`, [filter.accountId, filter.limit]);
}
