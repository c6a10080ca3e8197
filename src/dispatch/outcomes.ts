// Outcome of a claimed row, recorded with its credit effect in the same statement:
// sent → the reserved credit is debited; failed / uncertain → released; requeued → kept.
// Each transition names the statuses it may leave, so a late or repeated record is a no-op.
//
// Settlement takes no account lock (issue 22 item 2): a row's credit was reserved at launch,
// and only the statement that moves it out of credit_state 'reserved' (holding that row's
// lock) appends its debit or release, so no credit is settled twice and the account's
// reserved sum cannot go below zero; neither a debit nor a release lowers "available",
// which is all that the locked paths (launch's reserve, cancel, top-up) check.
import type { Clock } from '../clock.js';
import type { Queryable } from '../db/database.js';
import { rerouteToSms } from '../channels/sms-fallback.js';
import { reachedSince } from './contact-cap.js';
import { creditsLowSql } from '../webhooks/credits-low.js';
import { eventsFromRowsSql } from '../webhooks/events.js';

type Settlement = 'debit' | 'release';

/**
 * The outcome UPDATE (given as the CTE `moved`, returning id, account_id, campaign_id,
 * was_reserved and whatever else) followed by one ledger append per (account, campaign)
 * of the credits of the rows that were reserved. `$ref` is the reference parameter.
 */
const CREDITS = 'sum(coalesce(m.row_credits, p.credits_per_message))';

function settled(moved: string, how: Settlement, refParam: string, select = 'SELECT * FROM moved', extra = ''): string {
  return `WITH ${moved},
     settled AS (
       INSERT INTO credit_ledger (account_id, kind, available_delta, reserved_delta, campaign_id, reference)
       SELECT m.account_id, '${how}', ${how === 'debit' ? '0' : CREDITS}, -${CREDITS}, m.campaign_id, ${refParam}
         FROM moved m JOIN accounts a ON a.id = m.account_id JOIN plans p ON p.id = a.plan_id
        WHERE m.was_reserved GROUP BY m.account_id, m.campaign_id HAVING ${CREDITS} > 0)${extra ? `,
     ${extra}` : ''}
     ${select}`;
}

// A row's own credits (issue 16: per channel, an SMS per part) or, for older rows (NULL), the plan's.
const RETURNING = `RETURNING o.id, o.account_id, o.campaign_id, prev.credit_state = 'reserved' AS was_reserved, o.credits AS row_credits`;

// Webhooks (issue 15), in the statement that moves the rows: `message.sent` per row and
// `credits.low` (creditsLowSql) for accounts with an endpoint wanting them; nothing else otherwise.
const SENT_EVENTS = eventsFromRowsSql('sent', 'moved', 'message.sent',
  `jsonb_build_object('message_id', r.wa_message_id, 'campaign_id', r.campaign_id, 'channel', r.channel, 'at', r.sent_at)`, 'r.id');
// `message.failed` for a send that failed (a provider's refusal, a bounce, a WhatsApp error), every channel alike.
const FAILED_EVENTS = eventsFromRowsSql('failed', 'moved', 'message.failed',
  `jsonb_build_object('message_id', r.wa_message_id, 'campaign_id', r.campaign_id, 'channel', r.channel, 'at', r.failed_at, 'reason', r.reason)`, 'r.id');

/** sending|uncertain → sent (a send or a receipt proved it). Debits rows still reserved. */
export async function markSent(q: Queryable, clock: Clock, ids: number[], at?: Date): Promise<number> {
  if (!ids.length) return 0;
  const r = await q.one<{ n: number }>(settled(
    `prev AS (SELECT id, credit_state FROM outbox WHERE id = ANY($1::bigint[]) AND status IN ('sending', 'uncertain') FOR UPDATE),
     moved AS (UPDATE outbox o SET status = 'sent', sent_at = coalesce(o.sent_at, $2), reason = NULL, updated_at = $3,
            credit_state = CASE WHEN prev.credit_state = 'reserved' THEN 'debited' ELSE prev.credit_state END
       FROM prev WHERE o.id = prev.id ${RETURNING}, o.wa_message_id, o.sent_at, o.channel)`, 'debit', `'messages sent'`, 'SELECT count(*)::int AS n FROM moved',
    `${SENT_EVENTS},\n     ${creditsLowSql('moved')}`),
    [ids, at ?? clock.now(), clock.now()],
  );
  return r?.n ?? 0;
}

/** sending → failed with a reason; the reserved credit goes back. */
export async function markFailed(q: Queryable, clock: Clock, failures: Array<{ id: number; reason: string }>): Promise<number> {
  if (!failures.length) return 0;
  const r = await q.one<{ n: number }>(settled(
    `input AS (SELECT * FROM unnest($1::bigint[], $2::text[]) AS i(id, reason)),
     prev AS (SELECT o.id, o.credit_state, input.reason FROM outbox o JOIN input ON input.id = o.id
               WHERE o.status = 'sending' FOR UPDATE OF o),
     moved AS (UPDATE outbox o SET status = 'failed', failed_at = $3, reason = prev.reason, updated_at = $3,
            credit_state = CASE WHEN prev.credit_state = 'reserved' THEN 'released' ELSE prev.credit_state END
       FROM prev WHERE o.id = prev.id ${RETURNING}, o.wa_message_id, o.failed_at, o.reason, o.channel)`, 'release', `'messages failed'`, 'SELECT count(*)::int AS n FROM moved',
    FAILED_EVENTS),
    [failures.map((f) => f.id), failures.map((f) => f.reason.slice(0, 500)), clock.now()],
  );
  return r?.n ?? 0;
}

/** sending → uncertain: the send may have happened, so it is never retried; credit released. */
export async function markUncertain(q: Queryable, clock: Clock, ids: number[], reason: string): Promise<number> {
  if (!ids.length) return 0;
  const r = await q.one<{ n: number }>(settled(
    `prev AS (SELECT id, credit_state FROM outbox WHERE id = ANY($1::bigint[]) AND status = 'sending' FOR UPDATE),
     moved AS (UPDATE outbox o SET status = 'uncertain', reason = $2, updated_at = $3,
            credit_state = CASE WHEN prev.credit_state = 'reserved' THEN 'released' ELSE prev.credit_state END
       FROM prev WHERE o.id = prev.id ${RETURNING})`, 'release', `'messages uncertain'`, 'SELECT count(*)::int AS n FROM moved'),
    [ids, reason, clock.now()],
  );
  return r?.n ?? 0;
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

// `campaign.completed` with the final counts by status (the counters, a few rows).
const COMPLETED_EVENTS = eventsFromRowsSql('completed', 'done', 'campaign.completed',
  `jsonb_build_object('campaign', r.name, 'campaign_id', r.id, 'at', r.completed_at, 'counts',
     (SELECT coalesce(jsonb_object_agg(k.status, k.n), '{}') FROM (SELECT status, sum(n)::int AS n FROM campaign_counts
       WHERE campaign_id = r.id GROUP BY status HAVING sum(n) <> 0) k))`, 'r.id');

/**
 * Running campaigns with nothing queued or in flight become completed. Reads the campaign's
 * counters (migration 0460), kept in the transactions that move its rows: a probe of at most
 * a few dozen rows per campaign, whatever its size.
 */
export async function completeFinishedCampaigns(q: Queryable, clock: Clock, campaignIds: number[]): Promise<number[]> {
  if (!campaignIds.length) return [];
  const done = await q.query<{ id: number }>(
    `WITH done AS (
       UPDATE campaigns c SET status = 'completed', completed_at = $2, updated_at = $2
        WHERE c.id = ANY($1::int[]) AND c.status = 'running'
          AND (SELECT coalesce(sum(n), 0) FROM campaign_counts cc WHERE cc.campaign_id = c.id AND cc.status IN ('queued', 'sending')) = 0
       RETURNING c.id, c.account_id, c.name, c.completed_at),
     ${COMPLETED_EVENTS}
     SELECT id FROM done`,
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
  const moved = await q.query<{ campaign_id: number; was_claimed: boolean; sender_session_id: number | null }>(settled(
    `prev AS (SELECT o.id, o.credit_state, o.status = 'sending' AS was_claimed FROM outbox o
               WHERE o.phone = ANY($2::text[]) AND o.channel = 'whatsapp'
                 AND o.campaign_id IN (SELECT id FROM campaigns WHERE account_id = $1 AND status IN ('running', 'paused'))
                 AND (o.status = 'queued' OR (o.status = 'sending' AND o.id = ANY($3::bigint[])))
               FOR UPDATE OF o),
     moved AS (UPDATE outbox o SET status = 'skipped', reason = 'not_on_whatsapp', wa_message_id = NULL, updated_at = $4,
            credit_state = CASE WHEN prev.credit_state = 'reserved' THEN 'released' ELSE prev.credit_state END
       FROM prev WHERE o.id = prev.id
     ${RETURNING}, prev.was_claimed, o.sender_session_id)`, 'release', `'numbers not on WhatsApp'`,
    'SELECT campaign_id, was_claimed, sender_session_id FROM moved'),
    [accountId, phones, claimedIds, clock.now()],
  );
  const perSender = new Map<number, number>();
  for (const m of moved) {
    if (m.was_claimed && m.sender_session_id !== null) perSender.set(m.sender_session_id, (perSender.get(m.sender_session_id) ?? 0) + 1);
  }
  for (const [sid, n] of perSender) {
    await q.exec('UPDATE sender_sessions SET sent_today = greatest(sent_today - $2, 0) WHERE id = $1', [sid, n]);
  }
  return [...new Set([...moved.map((m) => m.campaign_id), ...rerouted])];
}

// Rows a skip-mode campaign may drop in one claim when none was claimed (every queued row waits).
const CAP_SKIP_LIMIT = 500;

/**
 * The contact cap's "skip" choice (issue 21 item 8): queued rows of campaign `campaignId` whose
 * number another of the account's campaigns reached since `cutoff` become skipped
 * `frequency_cap` and their reserved credit goes back. Only rows before `beforeId` (the last
 * row the claim took, so rows it already passed over) or, when it took none, the first few
 * hundred: never a scan of the whole campaign per claim.
 */
export async function skipRecentlyReached(q: Queryable, clock: Clock, campaignId: number, cutoff: Date, beforeId: number | null): Promise<number> {
  const r = await q.one<{ n: number }>(settled(
    `prev AS (SELECT o.id, o.credit_state FROM outbox o
               WHERE o.campaign_id = ANY($1::int[]) AND o.status = 'queued' AND ($3::bigint IS NULL OR o.id < $3)
                 AND ${reachedSince('o', '$2::timestamptz')}
               ORDER BY o.campaign_id, o.id LIMIT ${CAP_SKIP_LIMIT} FOR UPDATE OF o SKIP LOCKED),
     moved AS (UPDATE outbox o SET status = 'skipped', reason = 'frequency_cap', updated_at = $4,
            credit_state = CASE WHEN prev.credit_state = 'reserved' THEN 'released' ELSE prev.credit_state END
       FROM prev WHERE o.id = prev.id ${RETURNING})`, 'release', `'contact frequency cap'`, 'SELECT count(*)::int AS n FROM moved'),
    [[campaignId], cutoff, beforeId, clock.now()],
  );
  return r?.n ?? 0;
}
