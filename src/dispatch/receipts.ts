// WhatsApp receipts → outbox status. A receipt proves the send, so a row still "sending"
// (or already written off as "uncertain") becomes sent first; statuses never go backwards.
import type { Ctx } from '../context.js';
import { refund } from '../credits.js';
import type { Receipt } from '../gateway/channel.js';
import { markFailed, markSent } from './outcomes.js';
import { getAccountWithPlan } from '../sql/get-account-with-plan.js';

export async function applyReceipt(ctx: Ctx, receipt: Receipt): Promise<void> {
  const { db, clock } = ctx;
  await db.tx(async (t) => {
    const row = await t.one<{ id: number; status: string; credit_state: string; account_id: number; campaign_id: number }>(
      `SELECT id, status, credit_state, account_id, campaign_id FROM outbox WHERE wa_message_id = $1 FOR UPDATE`, [receipt.messageId]);
    if (!row) return; // not a campaign message (a reply, a demo, a reminder)
    if (receipt.status === 'failed') {
      if (row.status === 'sending') {
        await markFailed(t, clock, [{ id: row.id, reason: receipt.reason ?? 'WhatsApp reported a failure' }]);
      } else if (row.status === 'sent') {
        // Charged already but never reached the phone: give the credit back.
        await t.exec(`UPDATE outbox SET status = 'failed', failed_at = $2, reason = $3, updated_at = $2,
                       credit_state = CASE WHEN credit_state = 'debited' THEN 'released' ELSE credit_state END WHERE id = $1`,
          [row.id, receipt.at, receipt.reason ?? 'WhatsApp reported a failure']);
        if (row.credit_state === 'debited') {
          const cpm = (await getAccountWithPlan(t, row.account_id))!.plan.credits_per_message;
          if (cpm > 0) await refund(t, row.account_id, cpm, `message ${receipt.messageId} failed after sending`, 'system', row.campaign_id);
        }
      }
      return;
    }
    await markSent(t, clock, [row.id], receipt.at);
    if (receipt.status === 'delivered') {
      await t.exec(`UPDATE outbox SET status = 'delivered', delivered_at = $2, updated_at = $3 WHERE id = $1 AND status = 'sent'`,
        [row.id, receipt.at, clock.now()]);
    } else if (receipt.status === 'read') {
      await t.exec(`UPDATE outbox SET status = 'read', read_at = $2, delivered_at = coalesce(delivered_at, $2), updated_at = $3
                     WHERE id = $1 AND status IN ('sent', 'delivered')`, [row.id, receipt.at, clock.now()]);
    }
  });
}
