// WhatsApp receipts → outbox status. A receipt proves the send, so a row still "sending"
// (or already written off as "uncertain") becomes sent first; statuses never go backwards.
// A 463 (reach-out lock) is a refusal: failed, credit back, not counted as sent, and a
// strike towards pausing the sender.
import { recordEvent } from '../webhooks/events.js';
import type { Clock } from '../clock.js';
import type { Ctx } from '../context.js';
import { refund } from '../credits.js';
import type { Queryable } from '../db/database.js';
import { REACH_OUT_LOCKED, type Receipt } from '../gateway/channel.js';
import { clearReachoutStrikes, countReachoutRefusal } from '../gateway/reachout-lock.js';
import { markFailed, markSent } from './outcomes.js';
import { rerouteFailedToSms } from '../channels/sms-fallback.js';
import { getAccountWithPlan } from '../sql/get-account-with-plan.js';

export interface ReceiptOutcome {
  /** This receipt (the third 463 in a row) paused its sender. */
  pausedSessionId?: number;
}

interface Row { id: number; status: string; credit_state: string; account_id: number; campaign_id: number; sender_session_id: number | null; credits: number | null; channel: string }

// Webhook hook (issue 15): the event is written in this receipt's transaction.
async function recordMessageEvent(t: Queryable, row: Row, type: 'message.delivered' | 'message.read' | 'message.failed', receipt: Receipt, reason?: string): Promise<void> {
  await recordEvent(t, row.account_id, type, { message_id: receipt.messageId, campaign_id: row.campaign_id, channel: row.channel, at: receipt.at.toISOString(), ...(reason ? { reason } : {}) });
}

async function failRow(t: Queryable, clock: Clock, row: Row, receipt: Receipt): Promise<void> {
  const reason = receipt.reason ?? 'WhatsApp reported a failure';
  // A WhatsApp message that failed goes by SMS instead where the owner chose it (issue 16).
  if ((await rerouteFailedToSms(t, clock, [{ id: row.id, reason }])).size) return;
  // A row still sending gets its `message.failed` from markFailed, as a failed send does.
  if (row.status === 'sent') await recordMessageEvent(t, row, 'message.failed', receipt, reason);
  if (row.status === 'sending') {
    await markFailed(t, clock, [{ id: row.id, reason }]);
  } else if (row.status === 'sent') {
    // Charged already but never reached the phone: give the credit back.
    await t.exec(`UPDATE outbox SET status = 'failed', failed_at = $2, reason = $3, updated_at = $2,
                   credit_state = CASE WHEN credit_state = 'debited' THEN 'released' ELSE credit_state END WHERE id = $1`,
      [row.id, receipt.at, reason]);
    if (row.credit_state === 'debited') {
      const cpm = row.credits ?? (await getAccountWithPlan(t, row.account_id))!.plan.credits_per_message;
      if (cpm > 0) await refund(t, row.account_id, cpm, `message ${receipt.messageId} failed after sending`, 'system', row.campaign_id);
    }
  }
}

export async function applyReceipt(ctx: Ctx, receipt: Receipt): Promise<ReceiptOutcome> {
  const { db, clock } = ctx;
  return db.tx(async (t) => {
    const row = await t.one<Row>(
      `SELECT id, status, credit_state, account_id, campaign_id, sender_session_id, credits, channel FROM outbox WHERE wa_message_id = $1 FOR UPDATE`, [receipt.messageId]);
    if (!row) return {}; // not a campaign message (a reply, a demo, a reminder)
    const sessionId = row.sender_session_id ?? receipt.sessionId;
    if (receipt.status === 'failed') {
      if (receipt.reason !== REACH_OUT_LOCKED || (row.status !== 'sending' && row.status !== 'sent')) {
        await failRow(t, clock, row, receipt);
        return {};
      }
      // Refused under the reach-out lock: today's count given back, a strike for the sender.
      await t.exec('UPDATE sender_sessions SET sent_today = greatest(sent_today - 1, 0) WHERE id = $1', [sessionId]);
      const paused = await countReachoutRefusal(t, sessionId);
      await failRow(t, clock, row, receipt);
      return paused ? { pausedSessionId: sessionId } : {};
    }
    await markSent(t, clock, [row.id], receipt.at);
    if (receipt.status === 'delivered') {
      const n = await t.exec(`UPDATE outbox SET status = 'delivered', delivered_at = $2, updated_at = $3 WHERE id = $1 AND status = 'sent'`,
        [row.id, receipt.at, clock.now()]);
      if (n) await recordMessageEvent(t, row, 'message.delivered', receipt);
    } else if (receipt.status === 'read') {
      const n = await t.exec(`UPDATE outbox SET status = 'read', read_at = $2, delivered_at = coalesce(delivered_at, $2), updated_at = $3
                     WHERE id = $1 AND status IN ('sent', 'delivered')`, [row.id, receipt.at, clock.now()]);
      if (n) await recordMessageEvent(t, row, 'message.read', receipt);
    }
    if (receipt.status === 'delivered' || receipt.status === 'read') await clearReachoutStrikes(t, sessionId);
    return {};
  });
}
