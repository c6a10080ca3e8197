// Replies reach the owner (issue 21, item 5). A customer's message to one of an account's
// senders is kept, attributed to the latest campaign that reached that number from that
// sender, and forwarded to the account's owners over the operator number: at once
// (`replies now`, the default), in a digest every hour (`replies hourly`), or not at all
// (`replies off`, still kept and counted). Missed calls join the digest. Replies are message
// logs: kept MESSAGE_RETENTION_DAYS, in the data export, erased with the account.
import type { Ctx } from '../context.js';
import type { Queryable } from '../db/database.js';
import type { SendWhatsApp } from '../dispatch/notify-owner.js';
import type { InboundMessage } from '../gateway/channel.js';
import { isLang, type Lang } from '../i18n/lang.js';
import { t, type MessageKey } from '../i18n/t.js';

export type RepliesMode = 'now' | 'hourly' | 'off';
export const REPLIES_MODES: readonly RepliesMode[] = ['now', 'hourly', 'off'];
/** How often a digest goes out in `hourly` mode. */
export const DIGEST_MINUTES = 60;
/** In `now` mode, a reply that could not be forwarded at once is tried again by the digest job after this. */
const RETRY_NOW_AFTER_MS = 60_000;
const MAX_DIGEST_LINES = 30;

export interface RecordedReply { id: number; accountId: number; mode: RepliesMode }

/**
 * Keeps a customer's message to an account's sender; undefined when the session belongs to no
 * account (the operator number) or the message was kept already.
 */
export async function recordCustomerReply(ctx: Ctx, msg: InboundMessage): Promise<RecordedReply | undefined> {
  const phone = msg.fromPhone ?? msg.fromLid;
  if (!phone) return undefined;
  const row = await ctx.db.one<{ id: number; account_id: number; replies_mode: RepliesMode }>(
    `WITH s AS (SELECT s.id, s.account_id FROM sender_sessions s WHERE s.id = $1 AND s.account_id IS NOT NULL),
          last AS (SELECT o.campaign_id, o.name FROM s JOIN campaigns c ON c.account_id = s.account_id
                     JOIN outbox o ON o.campaign_id = c.id AND o.phone = $2 AND o.sender_session_id = s.id
                    WHERE o.sent_at IS NOT NULL ORDER BY o.sent_at DESC LIMIT 1),
          ins AS (INSERT INTO customer_replies (account_id, campaign_id, session_id, wa_message_id, phone, reply_jid, name, body, media_kind, received_at)
                  SELECT s.account_id, (SELECT campaign_id FROM last), s.id, $3, $2, $4, (SELECT name FROM last), $5, $6, $7 FROM s
                  ON CONFLICT (session_id, wa_message_id) DO NOTHING RETURNING id, account_id)
     SELECT ins.id::int AS id, ins.account_id, a.replies_mode FROM ins JOIN accounts a ON a.id = ins.account_id`,
    [msg.sessionId, phone, msg.id, msg.replyJid ?? null, msg.text ?? '', msg.media?.kind ?? null, ctx.clock.now()]);
  return row ? { id: row.id, accountId: row.account_id, mode: row.replies_mode } : undefined;
}

export async function setRepliesMode(q: Queryable, accountId: number, mode: RepliesMode): Promise<void> {
  await q.exec('UPDATE accounts SET replies_mode = $2 WHERE id = $1', [accountId, mode]);
}

interface PendingReply { id: number; phone: string; name: string | null; body: string; media_kind: string | null; campaign: string | null; received_at: Date }
interface PendingCall { id: number; phone: string | null; lid: string | null; called_at: Date }
interface Owner { phone: string; lang: Lang; timezone: string }

async function ownersOf(q: Queryable, accountId: number): Promise<Owner[]> {
  const rows = await q.query<{ phone: string; language: string; timezone: string }>(
    `SELECT m.phone, coalesce(m.language, a.language) AS language, a.timezone FROM members m JOIN accounts a ON a.id = m.account_id
      WHERE m.account_id = $1 AND m.role = 'owner' AND a.status <> 'erased' ORDER BY m.id`, [accountId]);
  return rows.map((r) => ({ phone: r.phone, lang: isLang(r.language) ? r.language : 'en', timezone: r.timezone }));
}

const MEDIA_KEYS: Record<string, MessageKey> = {
  image: 'reply.media.image', document: 'reply.media.document', audio: 'reply.media.audio', video: 'reply.media.video', sticker: 'reply.media.sticker',
};

/** What the customer wrote, with "sent a photo" (etc.) for media. */
export function replyText(lang: Lang, body: string, mediaKind: string | null): string {
  const media = mediaKind ? t(lang, MEDIA_KEYS[mediaKind] ?? 'reply.media.document') : '';
  return [media, body].filter(Boolean).join(' ');
}

function who(lang: Lang, r: { phone: string; name: string | null }): string {
  return r.name ? t(lang, 'reply.who_named', { name: r.name, phone: r.phone }) : r.phone;
}

function clock(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' }).format(at);
}

function oneReply(lang: Lang, r: PendingReply): string {
  const text = replyText(lang, r.body, r.media_kind);
  return r.campaign
    ? t(lang, 'notice.reply.one', { who: who(lang, r), campaign: r.campaign, text, phone: r.phone })
    : t(lang, 'notice.reply.one_no_campaign', { who: who(lang, r), text, phone: r.phone });
}

/**
 * Sends the account's replies not yet forwarded (and, in a digest, its missed calls) to every
 * owner in their language, then marks them forwarded. Returns how many replies went.
 */
export async function forwardReplies(ctx: Ctx, accountId: number, notify: SendWhatsApp, opts: { digest: boolean }): Promise<number> {
  const now = ctx.clock.now();
  // Claimed before they are sent, so replies forwarded from several messages at once go once each.
  const replies = await ctx.db.query<PendingReply>(
    `WITH due AS (SELECT id FROM customer_replies WHERE account_id = $1 AND forwarded_at IS NULL ORDER BY received_at, id LIMIT 500 FOR UPDATE SKIP LOCKED),
          claimed AS (UPDATE customer_replies r SET forwarded_at = $2 FROM due WHERE r.id = due.id
                      RETURNING r.id, r.phone, r.name, r.body, r.media_kind, r.campaign_id, r.received_at)
     SELECT c2.id::int AS id, c2.phone, c2.name, c2.body, c2.media_kind, c.name AS campaign, c2.received_at
       FROM claimed c2 LEFT JOIN campaigns c ON c.id = c2.campaign_id ORDER BY c2.received_at, c2.id`, [accountId, now]);
  const calls = opts.digest ? await ctx.db.query<PendingCall>(
    `WITH due AS (SELECT id FROM missed_calls WHERE account_id = $1 AND reported_at IS NULL ORDER BY called_at LIMIT 500 FOR UPDATE SKIP LOCKED)
     UPDATE missed_calls m SET reported_at = $2 FROM due WHERE m.id = due.id RETURNING m.id::int AS id, m.phone, m.lid, m.called_at`, [accountId, now]) : [];
  calls.sort((a, b) => a.called_at.getTime() - b.called_at.getTime());
  if (!replies.length && !calls.length) return 0;
  try {
    const owners = await ownersOf(ctx.db, accountId);
    for (const o of owners) {
      if (!opts.digest) {
        for (const r of replies) await notify(o.phone, oneReply(o.lang, r));
        continue;
      }
      const parts: string[] = [];
      if (replies.length) {
        const lines = replies.slice(0, MAX_DIGEST_LINES).map((r) => `${clock(r.received_at, o.timezone)} ${oneReply(o.lang, r)}`);
        parts.push(t(o.lang, 'notice.reply.digest', { count: replies.length, lines: lines.join('\n') }));
        if (replies.length > MAX_DIGEST_LINES) parts.push(t(o.lang, 'notice.reply.digest_more', { more: replies.length - MAX_DIGEST_LINES }));
      }
      if (calls.length) {
        const lines = calls.slice(0, MAX_DIGEST_LINES).map((c) => `${clock(c.called_at, o.timezone)} ${c.phone ?? c.lid}`);
        parts.push(t(o.lang, 'notice.reply.digest_calls', { count: calls.length, lines: lines.join('\n') }));
      }
      await notify(o.phone, parts.join('\n\n'));
    }
  } catch (e) {
    // Not forwarded after all: the digest job tries again.
    await ctx.db.exec('UPDATE customer_replies SET forwarded_at = NULL WHERE id = ANY($1::bigint[])', [replies.map((r) => r.id)]);
    await ctx.db.exec('UPDATE missed_calls SET reported_at = NULL WHERE id = ANY($1::bigint[])', [calls.map((c) => c.id)]);
    throw e;
  }
  if (opts.digest) await ctx.db.exec('UPDATE accounts SET replies_digest_at = $2 WHERE id = $1', [accountId, now]);
  return replies.length;
}

/**
 * The digest job: `hourly` accounts whose last digest is an hour old and who have news; `now`
 * accounts whose replies could not be forwarded at once (no operator session then), and their
 * missed calls, once an hour too. `off` accounts get nothing; their replies stay counted.
 */
export async function sendDueDigests(ctx: Ctx, notify: SendWhatsApp): Promise<{ accounts: number; replies: number }> {
  const now = ctx.clock.now();
  const due = await ctx.db.query<{ id: number; replies_mode: RepliesMode; late_now: boolean }>(
    `SELECT a.id, a.replies_mode,
            EXISTS (SELECT 1 FROM customer_replies r WHERE r.account_id = a.id AND r.forwarded_at IS NULL AND r.received_at < $2) AS late_now
       FROM accounts a
      WHERE a.status <> 'erased' AND a.replies_mode <> 'off'
        AND (EXISTS (SELECT 1 FROM customer_replies r WHERE r.account_id = a.id AND r.forwarded_at IS NULL)
             OR EXISTS (SELECT 1 FROM missed_calls m WHERE m.account_id = a.id AND m.reported_at IS NULL))
        AND (a.replies_digest_at IS NULL OR a.replies_digest_at <= $1
             OR (a.replies_mode = 'now' AND EXISTS (SELECT 1 FROM customer_replies r WHERE r.account_id = a.id AND r.forwarded_at IS NULL AND r.received_at < $2)))`,
    [new Date(now.getTime() - DIGEST_MINUTES * 60_000), new Date(now.getTime() - RETRY_NOW_AFTER_MS)]);
  let replies = 0;
  let accounts = 0;
  for (const a of due) {
    try {
      if (a.replies_mode === 'now' && a.late_now) replies += await forwardReplies(ctx, a.id, notify, { digest: false });
      replies += await forwardReplies(ctx, a.id, notify, { digest: true });
      accounts++;
    } catch (e) {
      ctx.log.warn({ err: e, accountId: a.id }, 'could not send the reply digest');
    }
  }
  return { accounts, replies };
}

/** Replies to one campaign and the share of its reached recipients who replied. */
export async function campaignReplyCounts(q: Queryable, campaignId: number): Promise<{ replies: number; repliers: number; reached: number }> {
  const row = await q.one<{ replies: number; repliers: number; reached: number }>(
    `SELECT (SELECT count(*)::int FROM customer_replies WHERE campaign_id = $1) AS replies,
            (SELECT count(DISTINCT phone)::int FROM customer_replies WHERE campaign_id = $1) AS repliers,
            (SELECT count(*)::int FROM outbox WHERE campaign_id = $1 AND sent_at IS NOT NULL) AS reached`, [campaignId]);
  return row ?? { replies: 0, repliers: 0, reached: 0 };
}

export interface ReplyRow { phone: string; name: string | null; body: string; mediaKind: string | null; receivedAt: Date }

/** The latest replies to a campaign, newest first (the console's campaign page). */
export async function latestCampaignReplies(q: Queryable, campaignId: number, limit = 20): Promise<ReplyRow[]> {
  return q.query<ReplyRow>(
    `SELECT phone, name, body, media_kind AS "mediaKind", received_at AS "receivedAt" FROM customer_replies
      WHERE campaign_id = $1 ORDER BY received_at DESC, id DESC LIMIT $2`, [campaignId, limit]);
}
