// WhatsApp, then SMS (issue 16): rows of campaigns with an SMS fallback whose numbers
// WhatsApp reports as not registered move to the SMS channel instead of being skipped —
// before anything was sent on WhatsApp, so a recipient never gets both. Their reservation
// is re-made at the SMS price (parts × price per part); without an SMS sender on the
// account, or without the credits for the difference, they are skipped as before.
// Called by skipNotOnWhatsApp (src/dispatch/outcomes.ts) in the dispatcher's transaction.
import type { Clock } from '../clock.js';
import type { Queryable } from '../db/database.js';
import { getBalance, lockAccount, refund, release, reserve } from '../credits.js';
import { recordEvent } from '../webhooks/events.js';

export async function rerouteToSms(q: Queryable, clock: Clock, accountId: number, phones: string[], claimedIds: number[]): Promise<number[]> {
  if (!phones.length) return [];
  const hasSms = await q.one(`SELECT 1 FROM sender_sessions WHERE account_id = $1 AND channel = 'sms' AND status <> 'removed' LIMIT 1`, [accountId]);
  if (!hasSms) return [];
  const rows = await q.query<{ id: number; campaign_id: number; old: number; new: number; was_reserved: boolean; was_claimed: boolean; sender_session_id: number | null }>(
    `SELECT o.id, o.campaign_id, coalesce(o.credits, p.credits_per_message) AS old,
            sms_parts(o.body) * p.sms_credits_per_part AS new, o.credit_state = 'reserved' AS was_reserved,
            o.status = 'sending' AS was_claimed, o.sender_session_id
       FROM outbox o JOIN campaigns c ON c.id = o.campaign_id
       JOIN accounts a ON a.id = o.account_id JOIN plans p ON p.id = a.plan_id
      WHERE o.account_id = $1 AND o.phone = ANY($2::text[]) AND o.channel = 'whatsapp'
        AND c.status IN ('running', 'paused') AND c.sms_fallback <> 'none'
        AND (o.status = 'queued' OR (o.status = 'sending' AND o.id = ANY($3::bigint[])))
      ORDER BY o.id FOR UPDATE OF o`, [accountId, phones, claimedIds]);
  if (!rows.length) return [];
  await lockAccount(q, accountId);
  let available = (await getBalance(q, accountId)).available;
  const moved: typeof rows = [];
  for (const r of rows) {
    const delta = r.was_reserved ? r.new - r.old : r.new;
    if (delta > available) continue; // not enough for the SMS: skipped as not on WhatsApp
    available -= delta;
    moved.push(r);
  }
  if (!moved.length) return [];
  await q.exec(
    `UPDATE outbox SET channel = 'sms', status = 'queued', wa_message_id = NULL, claimed_at = NULL, claimed_by = NULL,
            sender_session_id = NULL, fallback_reason = 'not_on_whatsapp', credits = u.new, sms_parts = sms_parts(body),
            credit_state = CASE WHEN u.new > 0 THEN 'reserved' ELSE 'none' END, updated_at = $2
       FROM unnest($1::bigint[], $3::int[]) AS u(id, new) WHERE outbox.id = u.id`,
    [moved.map((r) => r.id), clock.now(), moved.map((r) => r.new)]);
  // The ledger follows each campaign's difference: more reserved for longer SMS, some back for shorter.
  const per = new Map<number, number>();
  for (const r of moved) per.set(r.campaign_id, (per.get(r.campaign_id) ?? 0) + (r.was_reserved ? r.new - r.old : r.new));
  for (const [campaignId, delta] of per) {
    if (delta > 0) await reserve(q, accountId, delta, campaignId, 'sms fallback');
    if (delta < 0) await release(q, accountId, -delta, campaignId, 'sms fallback');
  }
  const perSender = new Map<number, number>();
  for (const r of moved) if (r.was_claimed && r.sender_session_id !== null) perSender.set(r.sender_session_id, (perSender.get(r.sender_session_id) ?? 0) + 1);
  for (const [sid, n] of perSender) await q.exec('UPDATE sender_sessions SET sent_today = greatest(sent_today - $2, 0) WHERE id = $1', [sid, n]);
  return [...per.keys()];
}

/**
 * WhatsApp sends that failed (a send WhatsApp refused, a failed receipt) of campaigns whose
 * owner chose `with sms fallback on failure` (sms_fallback = 'not_registered_or_failed') go
 * back to the queue as SMS — the WhatsApp message never reached the phone, so the recipient
 * still gets one message. Each row is moved once: an SMS row is never rerouted again. The
 * credit follows: a reserved row's reservation is re-made at the SMS price; a row already
 * charged (a failed receipt after `sent`) gets its WhatsApp credit back and the SMS reserved.
 * Rows that cannot move (no SMS sender, not enough credits, campaign finished) are left for
 * the caller to fail as before. Returns the ids moved.
 */
export async function rerouteFailedToSms(q: Queryable, clock: Clock, failures: Array<{ id: number; reason: string }>): Promise<Set<number>> {
  if (!failures.length) return new Set();
  const rows = await q.query<{ id: number; account_id: number; campaign_id: number; old: number; new: number; credit_state: string; reason: string; message_id: string | null }>(
    `SELECT o.id, o.account_id, o.campaign_id, coalesce(o.credits, p.credits_per_message) AS old,
            sms_parts(o.body) * p.sms_credits_per_part AS new, o.credit_state, f.reason, o.wa_message_id AS message_id
       FROM unnest($1::bigint[], $2::text[]) AS f(id, reason)
       JOIN outbox o ON o.id = f.id JOIN campaigns c ON c.id = o.campaign_id
       JOIN accounts a ON a.id = o.account_id JOIN plans p ON p.id = a.plan_id
      WHERE o.channel = 'whatsapp' AND o.status IN ('sending', 'sent') AND o.phone IS NOT NULL
        AND c.sms_fallback = 'not_registered_or_failed' AND c.status IN ('running', 'paused')
        AND EXISTS (SELECT 1 FROM sender_sessions s WHERE s.account_id = o.account_id AND s.channel = 'sms' AND s.status <> 'removed')
      ORDER BY o.id FOR UPDATE OF o`, [failures.map((f) => f.id), failures.map((f) => f.reason.slice(0, 500))]);
  if (!rows.length) return new Set();
  const moved: typeof rows = [];
  for (const accountId of [...new Set(rows.map((r) => r.account_id))].sort((a, b) => a - b)) {
    await lockAccount(q, accountId);
    let available = (await getBalance(q, accountId)).available;
    for (const r of rows.filter((x) => x.account_id === accountId)) {
      // What the move costs out of "available": the SMS, less what the WhatsApp row gives back.
      const delta = r.credit_state === 'reserved' || r.credit_state === 'debited' ? r.new - r.old : r.new;
      if (delta > available) continue;
      available -= delta;
      moved.push(r);
    }
  }
  if (!moved.length) return new Set();
  await q.exec(
    `UPDATE outbox SET channel = 'sms', status = 'queued', wa_message_id = NULL, claimed_at = NULL, claimed_by = NULL,
            sender_session_id = NULL, sent_at = NULL, reason = NULL, fallback_reason = 'whatsapp_failed', credits = u.new, sms_parts = sms_parts(body),
            credit_state = CASE WHEN u.new > 0 THEN 'reserved' ELSE 'none' END, updated_at = $2
       FROM unnest($1::bigint[], $3::int[]) AS u(id, new) WHERE outbox.id = u.id`,
    [moved.map((r) => r.id), clock.now(), moved.map((r) => r.new)]);
  // Per campaign: reserved rows move their reservation by the difference; charged rows are refunded, then reserved anew.
  const per = new Map<string, { accountId: number; campaignId: number; delta: number; refund: number; reserveNew: number }>();
  for (const r of moved) {
    const k = `${r.account_id}:${r.campaign_id}`;
    const e = per.get(k) ?? { accountId: r.account_id, campaignId: r.campaign_id, delta: 0, refund: 0, reserveNew: 0 };
    if (r.credit_state === 'reserved') e.delta += r.new - r.old;
    else if (r.credit_state === 'debited') { e.refund += r.old; e.reserveNew += r.new; }
    else e.reserveNew += r.new;
    per.set(k, e);
  }
  for (const e of per.values()) {
    if (e.refund > 0) await refund(q, e.accountId, e.refund, 'WhatsApp send failed; sent by SMS instead', 'system', e.campaignId);
    if (e.delta > 0) await reserve(q, e.accountId, e.delta, e.campaignId, 'sms fallback');
    if (e.delta < 0) await release(q, e.accountId, -e.delta, e.campaignId, 'sms fallback');
    if (e.reserveNew > 0) await reserve(q, e.accountId, e.reserveNew, e.campaignId, 'sms fallback');
  }
  // The WhatsApp attempt failed (webhooks, issue 15): said once, with where the message went instead.
  for (const r of moved) {
    await recordEvent(q, r.account_id, 'message.failed', { message_id: r.message_id, campaign_id: r.campaign_id, channel: 'whatsapp', reason: r.reason, at: clock.now().toISOString(), fallback: 'sms' });
  }
  return new Set(moved.map((r) => r.id));
}
