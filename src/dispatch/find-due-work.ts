// Asked by the main thread before it starts a send-campaigns or reconcile-sending worker, so
// an idle process starts no worker threads at all. The same conditions as the claim
// (src/dispatch/claim.ts) up to the limits the claim itself checks.
import type { Queryable } from '../db/database.js';

/**
 * The senders (of `sessionIds`) that are due and whose account has a running campaign with
 * queued rows, and those campaigns, as one string ('' = nothing to send): the scheduler
 * compares it with the one of a run that found nothing, to back off until something changes.
 */
export async function findDueSendWork(q: Queryable, sessionIds: number[], now: Date): Promise<string> {
  if (!sessionIds.length) return '';
  const rows = await q.query<{ session_id: number; campaign_id: number }>(
    `SELECT s.id AS session_id, c.id AS campaign_id
       FROM sender_sessions s
       JOIN accounts a ON a.id = s.account_id AND a.status = 'active'
       JOIN campaigns c ON c.account_id = s.account_id AND c.status = 'running'
      WHERE s.id = ANY($1::int[]) AND s.status = 'open' AND s.paused_reason IS NULL
        AND s.purpose IN ('campaigns', 'both') AND s.next_send_at <= $2
        AND EXISTS (SELECT 1 FROM outbox o WHERE o.campaign_id = c.id AND o.status = 'queued')
      ORDER BY 1, 2`,
    [sessionIds, now],
  );
  return rows.map((r) => `${r.session_id}:${r.campaign_id}`).join(',');
}

/**
 * Whether reconcile-sending has anything to look at: a row in flight ('sending'), or a running
 * campaign with nothing queued or in flight (a crash between a send's commit and completion).
 */
export async function hasReconcileWork(q: Queryable): Promise<boolean> {
  const r = await q.one<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM outbox WHERE status = 'sending')
         OR EXISTS (SELECT 1 FROM campaigns c WHERE c.status = 'running'
                     AND (SELECT coalesce(sum(n), 0) FROM campaign_counts cc WHERE cc.campaign_id = c.id AND cc.status IN ('queued', 'sending')) = 0) AS any`);
  return Boolean(r?.any);
}
