// `reply +E164 TEXT` (issue 21, item 5): the owner answers a customer through the sender the
// customer wrote to, paced like any send of that sender: the answer takes the sender's next
// send slot (next_send_at) and pushes it on by the sender's own delay. Not charged: it is a
// conversation the customer started, not a campaign message.
import type { Ctx } from '../context.js';
import { AppError } from '../app-error.js';
import { newMessageId } from '../gateway/message-id.js';
import { randomDelay } from '../dispatch/pacing.js';

export interface QueuedOwnerReply { id: number; sessionId: number; to: string; sendAt: Date; messageId: string; senderNumber: number }

/** The sender that customer last wrote to, its send slot taken; refuses when there is none. */
export async function queueOwnerReply(ctx: Ctx, input: { accountId: number; memberId: number; phone: string; text: string }): Promise<QueuedOwnerReply> {
  const now = ctx.clock.now();
  return ctx.db.tx(async (q) => {
    const last = await q.one<{ session_id: number; reply_jid: string | null }>(
      `SELECT r.session_id, r.reply_jid FROM customer_replies r JOIN sender_sessions s ON s.id = r.session_id
        WHERE r.account_id = $1 AND r.phone = $2 AND s.status <> 'removed' ORDER BY r.received_at DESC LIMIT 1`, [input.accountId, input.phone]);
    if (!last) throw new AppError('reply.no_conversation', { phone: input.phone });
    const s = await q.one<{ transport: string; status: string; paused_reason: string | null; pacing_min_ms: number | null; pacing_max_ms: number | null; next_send_at: Date | null; n: number }>(
      `SELECT transport, status, paused_reason, pacing_min_ms, pacing_max_ms, next_send_at,
              (SELECT count(*)::int FROM sender_sessions o WHERE o.account_id = s.account_id AND o.status <> 'removed' AND o.id <= s.id) AS n
         FROM sender_sessions s WHERE id = $1 FOR UPDATE`, [last.session_id]);
    if (!s || s.paused_reason) throw new AppError('reply.sender_unavailable', { phone: input.phone });
    const range: [number, number] = s.pacing_min_ms !== null ? [s.pacing_min_ms, s.pacing_max_ms ?? s.pacing_min_ms]
      : s.transport === 'sandbox' || ctx.config.waTransport === 'sandbox' ? ctx.config.sandboxPacingMs : ctx.config.pacingMs;
    const sendAt = s.next_send_at && s.next_send_at > now ? s.next_send_at : now;
    await q.exec(`UPDATE sender_sessions SET next_send_at = $2::timestamptz + make_interval(secs => $3::double precision / 1000) WHERE id = $1`,
      [last.session_id, sendAt, randomDelay(range)]);
    const messageId = newMessageId();
    const row = await q.one<{ id: number }>(
      `INSERT INTO owner_replies (account_id, session_id, member_id, phone, body, wa_message_id, send_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id::int AS id`,
      [input.accountId, last.session_id, input.memberId, input.phone, input.text, messageId, sendAt]);
    return { id: row!.id, sessionId: last.session_id, to: last.reply_jid ?? input.phone, sendAt, messageId, senderNumber: s.n };
  });
}

export async function markOwnerReply(ctx: Ctx, id: number, status: 'sent' | 'failed'): Promise<void> {
  await ctx.db.exec('UPDATE owner_replies SET status = $2 WHERE id = $1', [id, status]);
}
