// WhatsApp, then SMS (issue 16): rows of campaigns with an SMS fallback whose numbers
// WhatsApp reports as not registered move to the SMS channel instead of being skipped —
// before anything was sent on WhatsApp, so a recipient never gets both. Their reservation
// is re-made at the SMS price (parts × price per part); without an SMS sender on the
// account, or without the credits for the difference, they are skipped as before.
// Called by skipNotOnWhatsApp (src/dispatch/outcomes.ts) in the dispatcher's transaction.
import type { Clock } from '../clock.js';
import type { Queryable } from '../db/database.js';
import { getBalance, lockAccount, release, reserve } from '../credits.js';

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
