// The reach-out timelock (issue 21): WhatsApp forbids a restricted number to start new
// chats for a while and answers such sends with 463. The lock as WhatsApp last reported it
// is kept on the sender row; the claim then gives a locked sender only rows of contacts who
// wrote to it (the rest wait for the account's other senders), and the owner is told once
// per lock, in their language, when it ends. Three 463 answers in a row pause the sender.
import { audit, SYSTEM } from '../audit.js';
import type { Ctx } from '../context.js';
import type { Db, Queryable } from '../db/database.js';
import type { SendWhatsApp } from '../dispatch/notify-owner.js';
import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/t.js';
import { autoPauseSender } from '../senders/pause-sender.js';
import { REACH_OUT_LOCKED, type ReachoutState } from './channel.js';

/** 463 answers in a row that pause a sender. */
export const REACH_OUT_STRIKES_TO_PAUSE = 3;
/** Baileys' own default when WhatsApp gives no end: now + 60 s. */
const DEFAULT_LOCK_MS = 60_000;


const LOCALE: Record<Lang, string> = { en: 'en-GB', tr: 'tr-TR', ur: 'en-GB' };

/** "2 Dec 2026, 14:35" in the account's time zone. */
function formatWhen(at: Date, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(at) + ` (${timeZone})`;
}

interface OwnerInfo { phone: string | null; language: Lang; timezone: string; sender: string }

async function ownerOf(q: Queryable, sessionId: number): Promise<(OwnerInfo & { accountId: number }) | undefined> {
  return q.one<OwnerInfo & { accountId: number }>(
    `SELECT s.account_id AS "accountId", a.language, a.timezone, coalesce(s.phone, '#' || s.id) AS sender,
            (SELECT m.phone FROM members m WHERE m.account_id = a.id AND m.role = 'owner' ORDER BY m.id LIMIT 1) AS phone
       FROM sender_sessions s JOIN accounts a ON a.id = s.account_id WHERE s.id = $1`, [sessionId]);
}

async function tell(ctx: Ctx, notify: SendWhatsApp | undefined, owner: OwnerInfo | undefined, text: string): Promise<void> {
  if (!notify || !owner?.phone) return;
  try {
    await notify(owner.phone, text);
  } catch (e) {
    ctx.log.warn({ err: e }, 'could not tell the owner about a reach-out lock');
  }
}

/** WhatsApp reported the lock (on connect, in a notification, after a 463): record it, tell the owner once. */
export async function recordReachoutState(ctx: Ctx, state: ReachoutState, notify?: SendWhatsApp): Promise<void> {
  const now = ctx.clock.now();
  if (!state.locked) {
    await ctx.db.exec(
      `UPDATE sender_sessions SET reachout_locked_until = NULL, reachout_told_until = NULL, reachout_strikes = 0
        WHERE id = $1 AND (reachout_locked_until IS NOT NULL OR reachout_strikes > 0)`, [state.sessionId]);
    return;
  }
  const until = state.until && state.until.getTime() > now.getTime() ? state.until : new Date(now.getTime() + DEFAULT_LOCK_MS);
  const told = await ctx.db.tx(async (t) => {
    // A lock that is extended while the owner already knows of it is the same incident.
    const row = await t.one<{ first: boolean }>(
      `WITH old AS (SELECT id, reachout_told_until FROM sender_sessions WHERE id = $1 FOR UPDATE)
       UPDATE sender_sessions s SET reachout_locked_until = $2,
              reachout_told_until = CASE WHEN old.reachout_told_until IS NULL OR old.reachout_told_until <= $3 THEN $2 ELSE greatest(old.reachout_told_until, $2) END
         FROM old WHERE s.id = old.id
       RETURNING (old.reachout_told_until IS NULL OR old.reachout_told_until <= $3) AS first`,
      [state.sessionId, until, now]);
    if (!row) return false;
    if (row.first) {
      const owner = await ownerOf(t, state.sessionId);
      await audit(t, SYSTEM, 'sender.reachout_locked', owner?.accountId ?? null,
        { sessionId: state.sessionId, until: until.toISOString(), enforcementType: state.enforcementType ?? null });
    }
    return row.first;
  });
  ctx.log.info({ sessionId: state.sessionId, until, enforcementType: state.enforcementType }, 'sender is reach-out locked');
  if (!told) return;
  const owner = await ownerOf(ctx.db, state.sessionId);
  if (owner) await tell(ctx, notify, owner, t(owner.language, 'notice.sender.reachout_locked', { sender: owner.sender, until: formatWhen(until, owner.language, owner.timezone) }));
}

/**
 * A send of this sender was answered 463 (inside the receipt's transaction). Returns true
 * when this answer is the one that pauses the sender.
 */
export async function countReachoutRefusal(t: Queryable, sessionId: number): Promise<boolean> {
  const r = await t.one<{ account_id: number; strikes: number }>(
    `UPDATE sender_sessions SET reachout_strikes = reachout_strikes + 1 WHERE id = $1 RETURNING account_id, reachout_strikes AS strikes`,
    [sessionId]);
  if (!r || r.strikes < REACH_OUT_STRIKES_TO_PAUSE) return false;
  // The same pause as the dispatcher's: `resume sender` or the console undoes it.
  return autoPauseSender(t, sessionId, r.account_id, REACH_OUT_LOCKED);
}

/** A send of this sender reached the phone: the 463 streak is over. */
export async function clearReachoutStrikes(t: Queryable, sessionId: number): Promise<void> {
  await t.exec('UPDATE sender_sessions SET reachout_strikes = 0 WHERE id = $1 AND reachout_strikes > 0', [sessionId]);
}

/** Tells the owner that 463 answers paused their sender. */
export async function tellReachoutPause(ctx: Ctx, sessionId: number, notify?: SendWhatsApp): Promise<void> {
  const owner = await ownerOf(ctx.db, sessionId);
  if (owner) await tell(ctx, notify, owner, t(owner.language, 'notice.sender.reachout_paused', { sender: owner.sender, n: REACH_OUT_STRIKES_TO_PAUSE }));
}

/** A contact wrote to this sender: a locked sender may still send to them. */
export async function recordContactWrote(db: Db | Queryable, sessionId: number, phone: string | undefined, at: Date): Promise<void> {
  if (!phone) return;
  await db.exec(
    `INSERT INTO sender_contacts (session_id, phone, last_inbound_at) VALUES ($1, $2, $3)
     ON CONFLICT (session_id, phone) DO UPDATE SET last_inbound_at = greatest(sender_contacts.last_inbound_at, EXCLUDED.last_inbound_at)`,
    [sessionId, phone, at]);
}
