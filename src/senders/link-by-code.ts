// `link sender +E164`: a new sender for the account (within the plan's sender limit), linked
// with a pairing code instead of a QR. The request goes through the database; whichever
// process drives the session opens a fresh socket, asks WhatsApp for the code
// (requestPairingCode) and writes it back, and this waits for it.
import { audit, type Actor } from '../audit.js';
import type { Ctx } from '../context.js';
import { addSessionIn } from './add-sender.js';
import { PairingCodeTimeoutError, SenderAlreadyLinkedError } from './errors.js';
import type { SessionRow } from './session-row.js';
import { wipeCredentials } from './wipe-credentials.js';

export interface PairingCode {
  sessionId: number;
  /** As WhatsApp shows it on the phone: ABCD-EFGH. */
  code: string;
  phone: string;
}

export async function linkSenderByCode(ctx: Ctx, input: { accountId: number; phone: string; actor: Actor; waitMs?: number }): Promise<PairingCode> {
  const { accountId, phone, actor } = input;
  const row = await ctx.db.tx(async (t) => {
    // The account row lock (taken by addSessionIn, or here) serialises links of one account.
    await t.exec('SELECT id FROM accounts WHERE id = $1 FOR UPDATE', [accountId]);
    const same = await t.one<SessionRow>(
      `SELECT * FROM sender_sessions WHERE account_id = $1 AND status <> 'removed' AND (phone = $2 OR pairing_phone = $2)
        ORDER BY id LIMIT 1`, [accountId, phone]);
    if (same?.status === 'open') throw new SenderAlreadyLinkedError(phone);
    let r: SessionRow;
    if (same) {
      // Asked again (the last code expired): the same session, a new attempt, a new code.
      r = (await t.one<SessionRow>(
        `UPDATE sender_sessions SET status = 'new', status_reason = 'linking', link_generation = link_generation + 1,
                pairing_phone = $2, pairing_code = NULL, pairing_code_at = NULL
          WHERE id = $1 RETURNING *`, [same.id, phone]))!;
      await wipeCredentials(t, same.id);
    } else {
      const transport = ctx.config.waTransport === 'sandbox' ? 'sandbox' : 'whatsapp';
      r = await addSessionIn(t, { accountId, transport, purpose: 'campaigns', pairingPhone: phone }, actor);
    }
    await audit(t, actor, 'session.link_by_code', accountId, { sessionId: r.id, phone });
    return r;
  });
  const code = await waitForCode(ctx, row.id, row.link_generation, input.waitMs ?? 45_000);
  return { sessionId: row.id, code, phone };
}

async function waitForCode(ctx: Ctx, sessionId: number, generation: number, waitMs: number): Promise<string> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const r = await ctx.db.one<{ pairing_code: string | null }>(
      'SELECT pairing_code FROM sender_sessions WHERE id = $1 AND link_generation = $2', [sessionId, generation]);
    if (r?.pairing_code) return r.pairing_code;
    if (!r || Date.now() >= deadline) throw new PairingCodeTimeoutError(sessionId);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
