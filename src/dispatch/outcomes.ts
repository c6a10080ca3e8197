// Outcome of a claimed row, recorded with its credit effect in the same transaction:
// sent → the reserved credit is debited; failed / uncertain → released; requeued → kept.
// Each transition names the statuses it may leave, so a late or repeated record is a no-op.
import type { Clock } from '../clock.js';
import { debit, release } from '../credits.js';
import type { Queryable } from '../db/database.js';
import { rerouteToSms } from '../channels/sms-fallback.js';

interface Moved { id: number; account_id: number; campaign_id: number; was_reserved: boolean; cpm: number }

async function settle(q: Queryable, moved: Moved[], how: 'debit' | 'release', reference: string): Promise<void> {
  const sums = new Map<string, { accountId: number; campaignId: number; credits: number }>();
  for (const m of moved) {
    if (!m.was_reserved) continue;
    const key = `${m.account_id}:${m.campaign_id}`;
    const s = sums.get(key) ?? { accountId: m.account_id, campaignId: m.campaign_id, credits: 0 };
    s.credits += m.cpm;
    sums.set(key, s);
  }
  for (const s of sums.values()) {
    if (how === 'debit') await debit(q, s.accountId, s.credits, s.campaignId, reference);
    else await release(q, s.accountId, s.credits, s.campaignId, reference);
  }
}

// A row's own credits (issue 16: per channel, an SMS per part) or, for older rows, the plan's.
const RETURNING = `RETURNING o.id, o.account_id, o.campaign_id, prev.credit_state = 'reserved' AS was_reserved,
  coalesce(o.credits, (SELECT p.credits_per_message FROM accounts a JOIN plans p ON p.id = a.plan_id WHERE a.id = o.account_id)) AS cpm`;

/** sending|uncertain → sent (a send or a receipt proved it). Debits rows still reserved. */
export async function markSent(q: Queryable, clock: Clock, ids: number[], at?: Date): Promise<number> {
  if (!ids.length) return 0;
  const moved = await q.query<Moved>(
    `WITH prev AS (SELECT id, credit_state FROM outbox WHERE id = ANY($1::bigint[]) AND status IN ('sending', 'uncertain') FOR UPDATE)
     UPDATE outbox o SET status = 'sent', sent_at = coalesce(o.sent_at, $2), reason = NULL, updated_at = $3,
            credit_state = CASE WHEN prev.credit_state = 'reserved' THEN 'debited' ELSE prev.credit_state END
       FROM prev WHERE o.id = prev.id ${RETURNING}`,
    [ids, at ?? clock.now(), clock.now()],
  );
  await settle(q, moved, 'debit', 'messages sent');
  return moved.length;
}

/** sending → failed with a reason; the reserved credit goes back. */
export async function markFailed(q: Queryable, clock: Clock, failures: Array<{ id: number; reason: string }>): Promise<number> {
  if (!failures.length) return 0;
  const moved = await q.query<Moved>(
    `WITH input AS (SELECT * FROM unnest($1::bigint[], $2::text[]) AS i(id, reason)),
          prev AS (SELECT o.id, o.credit_state, input.reason FROM outbox o JOIN input ON input.id = o.id
                    WHERE o.status = 'sending' FOR UPDATE OF o)
     UPDATE outbox o SET status = 'failed', failed_at = $3, reason = prev.reason, updated_at = $3,
            credit_state = CASE WHEN prev.credit_state = 'reserved' THEN 'released' ELSE prev.credit_state END
       FROM prev WHERE o.id = prev.id ${RETURNING}`,
    [failures.map((f) => f.id), failures.map((f) => f.reason.slice(0, 500)), clock.now()],
  );
  await settle(q, moved, 'release', 'messages failed');
  return moved.length;
}

/** sending → uncertain: the send may have happened, so it is never retried; credit released. */
export async function markUncertain(q: Queryable, clock: Clock, ids: number[], reason: string): Promise<number> {
  if (!ids.length) return 0;
  const moved = await q.query<Moved>(
    `WITH prev AS (SELECT id, credit_state FROM outbox WHERE id = ANY($1::bigint[]) AND status = 'sending' FOR UPDATE)
     UPDATE outbox o SET status = 'uncertain', reason = $2, updated_at = $3,
            credit_state = CASE WHEN prev.credit_state = 'reserved' THEN 'released' ELSE prev.credit_state END
       FROM prev WHERE o.id = prev.id ${RETURNING}`,
    [ids, reason, clock.now()],
  );
  await settle(q, moved, 'release', 'messages uncertain');
  return moved.length;
}

/**
 * sending → queued for rows that were certainly never handed to WhatsApp (stop, rate limit,
 * sender gone). Their sender's daily count is given back; the credit stays reserved.
 */
export async function requeue(q: Queryable, clock: Clock, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  const back = await q.query<{ sender_session_id: number | null }>(
    `UPDATE outbox SET status = 'queued', wa_message_id = NULL, claimed_at = NULL, updated_at = $2
      WHERE id = ANY($1::bigint[]) AND status = 'sending'
     RETURNING sender_session_id`,
    [ids, clock.now()],
  );
  const perSender = new Map<number, number>();
  for (const b of back) if (b.sender_session_id !== null) perSender.set(b.sender_session_id, (perSender.get(b.sender_session_id) ?? 0) + 1);
  for (const [sid, n] of perSender) {
    await q.exec('UPDATE sender_sessions SET sent_today = greatest(sent_today - $2, 0) WHERE id = $1', [sid, n]);
  }
  return back.length;
}

/** Running campaigns with nothing queued or in flight become completed. */
export async function completeFinishedCampaigns(q: Queryable, clock: Clock, campaignIds: number[]): Promise<number[]> {
  if (!campaignIds.length) return [];
  const done = await q.query<{ id: number }>(
    `UPDATE campaigns c SET status = 'completed', completed_at = $2, updated_at = $2
      WHERE c.id = ANY($1::int[]) AND c.status = 'running'
        AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.campaign_id = c.id AND o.status IN ('queued', 'sending'))
     RETURNING c.id`,
    [campaignIds, clock.now()],
  );
  return done.map((d) => d.id);
}

/**
 * Numbers WhatsApp says are not registered: the account's queued rows with them, and the
 * claimed rows given (never handed to WhatsApp), become skipped `not_on_whatsapp` and
 * their reserved credit goes back at once. Returns the campaigns touched.
 */
export async function skipNotOnWhatsApp(q: Queryable, clock: Clock, accountId: number, phones: string[], claimedIds: number[] = []): Promise<number[]> {
  if (!phones.length) return [];
  // Issue 16: campaigns with an SMS fallback send these numbers an SMS instead.
  const rerouted = await rerouteToSms(q, clock, accountId, phones, claimedIds);
  const moved = await q.query<Moved & { was_claimed: boolean; sender_session_id: number | null }>(
    `WITH prev AS (SELECT o.id, o.credit_state, o.status = 'sending' AS was_claimed FROM outbox o
                    WHERE o.phone = ANY($2::text[]) AND o.channel = 'whatsapp'
                      AND o.campaign_id IN (SELECT id FROM campaigns WHERE account_id = $1 AND status IN ('running', 'paused'))
                      AND (o.status = 'queued' OR (o.status = 'sending' AND o.id = ANY($3::bigint[])))
                    FOR UPDATE OF o)
     UPDATE outbox o SET status = 'skipped', reason = 'not_on_whatsapp', wa_message_id = NULL, updated_at = $4,
            credit_state = CASE WHEN prev.credit_state = 'reserved' THEN 'released' ELSE prev.credit_state END
       FROM prev WHERE o.id = prev.id
     ${RETURNING}, prev.was_claimed, o.sender_session_id`,
    [accountId, phones, claimedIds, clock.now()],
  );
  await settle(q, moved, 'release', 'numbers not on WhatsApp');
  const perSender = new Map<number, number>();
  for (const m of moved) {
    if (m.was_claimed && m.sender_session_id !== null) perSender.set(m.sender_session_id, (perSender.get(m.sender_session_id) ?? 0) + 1);
  }
  for (const [sid, n] of perSender) {
    await q.exec('UPDATE sender_sessions SET sent_today = greatest(sent_today - $2, 0) WHERE id = $1', [sid, n]);
  }
  return [...new Set([...moved.map((m) => m.campaign_id), ...rerouted])];
}
