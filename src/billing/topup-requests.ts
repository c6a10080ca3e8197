// Top-up requests owners make by chat ("top up 5000"): an admin approves (credits added
// through the ledger, once) or rejects them; the owner is told either way.
import { ConflictError, NotFoundError } from '../accounts.js';
import { audit, type Actor } from '../audit.js';
import type { Db, Queryable } from '../db/database.js';
import type { Ctx } from '../context.js';
import { getBalance, topUp } from '../credits.js';
import { noticeOwner, type SendWhatsApp } from '../dispatch/notify-owner.js';
import { msg } from '../i18n/t.js';

export async function decideTopupRequest(db: Db, requestId: number, decision: 'approved' | 'rejected', adminId: number | null, actor: Actor): Promise<{ accountId: number; credits: number }> {
  return db.tx(async (t) => {
    const r = await t.one<{ account_id: number; credits: number; status: string }>(
      'SELECT account_id, credits, status FROM topup_requests WHERE id = $1 FOR UPDATE', [requestId]);
    if (!r) throw new NotFoundError(`no top-up request ${requestId}`);
    // The row lock makes a double click approve once.
    if (r.status !== 'pending') throw new ConflictError(`top-up request ${requestId} is already ${r.status}`);
    await t.exec('UPDATE topup_requests SET status = $2, decided_by = $3, decided_at = now() WHERE id = $1', [requestId, decision, adminId]);
    if (decision === 'approved') await topUp(t, r.account_id, r.credits, `top-up request ${requestId}`, actor.label ?? actor.type);
    await audit(t, actor, `topup.${decision === 'approved' ? 'approve' : 'reject'}`, r.account_id, { requestId, credits: r.credits });
    return { accountId: r.account_id, credits: r.credits };
  });
}

/** Requests waiting for an admin, oldest first, with the account and the member who asked. */
export async function listPendingTopupRequests(q: Queryable): Promise<Array<{ id: number; credits: number; created_at: Date; account_id: number; account_name: string; phone: string | null }>> {
  return q.query(
    `SELECT r.id, r.credits, r.created_at, a.id AS account_id, a.name AS account_name, m.phone
       FROM topup_requests r JOIN accounts a ON a.id = r.account_id LEFT JOIN members m ON m.id = r.member_id
      WHERE r.status = 'pending' ORDER BY r.id`);
}

/** An owner's request by chat; nothing is charged until an admin approves it. */
export async function requestTopup(db: Db, input: { accountId: number; memberId: number; credits: number; at: Date }, actor: Actor): Promise<{ id: number }> {
  return db.tx(async (t) => {
    const r = (await t.one<{ id: number }>(
      `INSERT INTO topup_requests (account_id, member_id, credits, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [input.accountId, input.memberId, input.credits, input.at]))!;
    await audit(t, actor, 'topup.request', input.accountId, { credits: input.credits, request: r.id });
    return r;
  });
}

/** Tells the owner, in their language, how their top-up request was decided (best effort: logged when it cannot be sent). */
export async function noticeTopupDecided(ctx: Ctx, send: SendWhatsApp, requestId: number, decision: 'approved' | 'rejected', r: { accountId: number; credits: number }): Promise<void> {
  try {
    const available = (await getBalance(ctx.db, r.accountId)).available;
    await noticeOwner(ctx.db, send, r.accountId, decision === 'approved'
      ? msg('notice.topup.approved', { id: String(requestId), credits: r.credits, available })
      : msg('notice.topup.rejected', { id: String(requestId), credits: r.credits }));
  } catch (e) {
    ctx.log.warn({ err: e, requestId }, 'top-up notice not sent');
  }
}
