// Calls to a sender number (issue 21, item 6): WhatsApp campaigns cannot take calls, so the
// gateway rejects each one (rejectCall) and the caller gets one short text a day from that
// sender, in the account's language: the owner's own (`call reply TEXT`) or a default. Every
// call is kept for the owner's reply digest.
import type { Ctx } from '../context.js';
import type { Queryable } from '../db/database.js';
import type { IncomingCall } from '../gateway/channel.js';
import { isLang } from '../i18n/lang.js';
import { t } from '../i18n/t.js';

/** Longest `call reply` text: a short note, not a campaign. */
export const MAX_CALL_REPLY_CHARS = 500;

/** Keeps the call; the text to send the caller, or undefined (texted today already, or a repeat). */
export async function recordIncomingCall(ctx: Ctx, call: IncomingCall): Promise<string | undefined> {
  const now = ctx.clock.now();
  return ctx.db.tx(async (q) => {
    const row = await q.one<{ id: number; account_id: number | null; language: string | null; call_reply: string | null }>(
      `INSERT INTO missed_calls (account_id, session_id, call_id, phone, lid, called_at)
       SELECT s.account_id, s.id, $2, $3, $4, $5 FROM sender_sessions s WHERE s.id = $1
       ON CONFLICT (session_id, call_id) DO NOTHING
       RETURNING id::int AS id, account_id,
                 (SELECT language FROM accounts WHERE id = missed_calls.account_id) AS language,
                 (SELECT call_reply FROM accounts WHERE id = missed_calls.account_id) AS call_reply`,
      [call.sessionId, call.callId, call.fromPhone ?? null, call.fromLid ?? null, now]);
    if (!row) return undefined;
    const who = call.fromPhone ?? call.fromLid;
    // One text per caller per day and sender; the lock makes two calls at once agree.
    await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`call:${call.sessionId}:${who}`]);
    const texted = await q.one(
      `SELECT 1 FROM missed_calls WHERE session_id = $1 AND (phone = $2 OR lid = $2) AND texted AND called_at > $3::timestamptz - interval '24 hours'`,
      [call.sessionId, who, now]);
    if (texted) return undefined;
    await q.exec('UPDATE missed_calls SET texted = true WHERE id = $1', [row.id]);
    const lang = isLang(row.language) ? row.language : 'en';
    return row.call_reply ?? t(lang, 'call.reply.default');
  });
}

export async function setCallReply(q: Queryable, accountId: number, text: string | null): Promise<void> {
  await q.exec('UPDATE accounts SET call_reply = $2 WHERE id = $1', [accountId, text]);
}
