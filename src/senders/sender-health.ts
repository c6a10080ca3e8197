// Senders that die quietly (issue 21, item 7): a sender logged out or banned by WhatsApp
// (needs linking again), or closed for longer than its reconnect backoff allows, is marked
// unhealthy. The claim never gives rows to a sender that is not open, so its campaigns go on
// through the account's other senders; the owner is told once per incident, by the operator
// number and by e-mail when the account has one, with what to do (link it again by pairing
// code or QR). The incident ends when the sender is open again. A sender that stays "open"
// while WhatsApp answers none of its sends (SENDER_NO_ACK_MINUTES) is an incident too.
import type { Ctx } from '../context.js';
import type { Queryable } from '../db/database.js';
import type { SendWhatsApp } from '../dispatch/notify-owner.js';
import type { Channel, ChannelStatus } from '../gateway/channel.js';
import { isLang } from '../i18n/lang.js';
import { t } from '../i18n/t.js';
import type { Mailer } from '../mailer.js';

/** Closed this long past the longest reconnect delay (5 min) is not a blip. */
export const CLOSED_TOO_LONG_MS = 6 * 60_000;

export type UnhealthyReason = 'logged_out' | 'closed_too_long' | 'no_ack';

/** Follows a channel status: remembers when a close began, ends an incident on open, starts one on a logout. */
export async function followSenderStatus(ctx: Ctx, sessionId: number, status: ChannelStatus, tell: { notify?: SendWhatsApp; mailer?: Mailer }): Promise<void> {
  if (status.state === 'open') {
    await ctx.db.exec(`UPDATE sender_sessions SET unhealthy_since = NULL, unhealthy_reason = NULL, closed_since = NULL
                        WHERE id = $1 AND (unhealthy_since IS NOT NULL OR closed_since IS NOT NULL)`, [sessionId]);
  } else if (status.state === 'closed' && status.reason !== 'closed by this process') {
    await ctx.db.exec('UPDATE sender_sessions SET closed_since = coalesce(closed_since, $2) WHERE id = $1', [sessionId, ctx.clock.now()]);
  } else if (status.state === 'needs-relink' || status.state === 'logged-out') {
    await markSenderUnhealthy(ctx, sessionId, 'logged_out', tell);
  }
}

/** Senders closed past their backoff: each becomes an incident (told once). */
export async function checkClosedSenders(ctx: Ctx, sessionIds: number[], tell: { notify?: SendWhatsApp; mailer?: Mailer }): Promise<number> {
  const rows = await ctx.db.query<{ id: number }>(
    `SELECT id FROM sender_sessions WHERE id = ANY($1::int[]) AND status = 'closed' AND unhealthy_since IS NULL AND closed_since < $2`,
    [sessionIds, new Date(ctx.clock.now().getTime() - CLOSED_TOO_LONG_MS)]);
  for (const r of rows) await markSenderUnhealthy(ctx, r.id, 'closed_too_long', tell);
  return rows.length;
}

/**
 * Open senders whose sends WhatsApp's server has answered none of for `config.senderNoAckMs`:
 * each becomes an incident (told once; the claim passes unhealthy senders over, so their
 * campaigns go on through the account's other senders). The incident ends at the first answer
 * (an ack or receipt, also for an older send) or when the sender connects again.
 */
export async function checkSilentSenders(ctx: Ctx, sessions: { ownedSessionIds(): number[]; channel(id: number): Channel | undefined },
  tell: { notify?: SendWhatsApp; mailer?: Mailer }): Promise<{ started: number; ended: number }> {
  const limitMs = ctx.config.senderNoAckMs;
  if (limitMs <= 0) return { started: 0, ended: 0 };
  const now = ctx.clock.now().getTime();
  const silent: number[] = [];
  const answered: number[] = [];
  for (const id of sessions.ownedSessionIds()) {
    const ch = sessions.channel(id);
    if (!ch?.unackedSince) continue;
    const since = ch.unackedSince();
    if (since && now - since.getTime() >= limitMs) silent.push(id);
    else if (!since) answered.push(id);
  }
  let started = 0;
  for (const id of silent) {
    const open = await ctx.db.one<{ ok: boolean }>(`SELECT status = 'open' AS ok FROM sender_sessions WHERE id = $1`, [id]);
    if (open?.ok && await markSenderUnhealthy(ctx, id, 'no_ack', tell)) started++;
  }
  const ended = answered.length ? await ctx.db.exec(
    `UPDATE sender_sessions SET unhealthy_since = NULL, unhealthy_reason = NULL WHERE id = ANY($1::int[]) AND unhealthy_reason = 'no_ack'`, [answered]) : 0;
  return { started, ended };
}

/** Starts an incident; the owner hears of it only when it is new. True when it was new. */
export async function markSenderUnhealthy(ctx: Ctx, sessionId: number, reason: UnhealthyReason, tell: { notify?: SendWhatsApp; mailer?: Mailer }): Promise<boolean> {
  const row = await ctx.db.one<{ account_id: number | null; sender: string; owner: string | null; language: string | null; email: string | null; n: number }>(
    `WITH s AS (UPDATE sender_sessions SET unhealthy_since = $2, unhealthy_reason = $3 WHERE id = $1 AND unhealthy_since IS NULL
                RETURNING id, account_id, coalesce(phone, pairing_phone) AS phone)
     SELECT s.account_id, coalesce(s.phone, '#' || s.id) AS sender, a.billing_email AS email,
            (SELECT coalesce(m.language, a.language) FROM members m WHERE m.account_id = a.id AND m.role = 'owner' ORDER BY m.id LIMIT 1) AS language,
            (SELECT m.phone FROM members m WHERE m.account_id = a.id AND m.role = 'owner' ORDER BY m.id LIMIT 1) AS owner,
            (SELECT count(*)::int FROM sender_sessions o WHERE o.account_id = s.account_id AND o.status <> 'removed' AND o.id <= s.id) AS n
       FROM s LEFT JOIN accounts a ON a.id = s.account_id`, [sessionId, ctx.clock.now(), reason]);
  if (!row) return false;
  ctx.log.warn({ sessionId, reason }, 'sender unhealthy: its campaigns go on through the account\'s other senders');
  if (!row.account_id) return true;
  const lang = isLang(row.language) ? row.language : 'en';
  const text = t(lang, `notice.sender.unhealthy.${reason}`, { sender: row.sender, n: row.n, phone: row.sender.startsWith('+') ? row.sender : '+NUMBER' });
  if (row.owner && tell.notify) await tell.notify(row.owner, text).catch((e) => ctx.log.warn({ err: e, sessionId }, 'could not tell the owner about an unhealthy sender'));
  if (row.email && tell.mailer?.configured) {
    await tell.mailer.send({ to: row.email, subject: t(lang, 'notice.sender.unhealthy.email_subject', { sender: row.sender }), text })
      .catch((e) => ctx.log.warn({ err: e, sessionId }, 'could not e-mail the owner about an unhealthy sender'));
  }
  return true;
}

export interface UnhealthySender { id: number; accountId: number | null; accountName: string | null; phone: string | null; reason: UnhealthyReason; since: Date }

/** Every sender in an incident now, oldest first: the console's banner for admins. */
export async function listUnhealthySenders(db: Queryable): Promise<UnhealthySender[]> {
  return db.query<UnhealthySender>(
    `SELECT s.id, s.account_id AS "accountId", a.name AS "accountName", coalesce(s.phone, s.pairing_phone) AS phone,
            s.unhealthy_reason AS reason, s.unhealthy_since AS since
       FROM sender_sessions s LEFT JOIN accounts a ON a.id = s.account_id
      WHERE s.unhealthy_since IS NOT NULL AND s.status <> 'removed'
      ORDER BY s.unhealthy_since, s.id LIMIT 50`);
}
