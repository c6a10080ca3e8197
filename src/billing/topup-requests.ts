// Top-up requests owners make by chat ("top up 5000"): an admin approves (credits added
// through the ledger, once) or rejects them.
import { ConflictError, NotFoundError } from '../accounts.js';
import { audit, type Actor } from '../audit.js';
import type { Db } from '../db/database.js';
import { topUp } from '../credits.js';

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
