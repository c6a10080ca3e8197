// The claim: one sender's due outbox rows move queued → sending with a pre-generated
// WhatsApp message id, inside the sender's daily cap, warm-up step and its account's plan
// limit. Runs in the send-campaigns worker; the rows go to the main thread to be sent.
import type { Clock } from '../clock.js';
import type { MediaInfo } from '../content/media.js';
import { renderMessage } from '../content/variants.js';
import type { Db, Queryable } from '../db/database.js';
import { toPacingInputs, type SenderPacingConfig } from '../senders/pacing-inputs.js';
import { getPacingInputs } from '../senders/sql/get-pacing-inputs.js';
import { capCutoff, holdUntil, reachedSince } from './contact-cap.js';
import { extendOwnLeaseSql } from '../gateway/session-leases.js';
import { skipRecentlyReached } from './outcomes.js';
import { inQuietHours } from './pacing.js';
import { CHANNEL_RETURNING, channelParts, type ChannelCampaign, type ChannelOutboxRow } from '../channels/claim-parts.js';

export interface ClaimedRow {
  id: number;
  /** The campaign's media file (its text is the caption), when it carries one. */
  media?: MediaInfo;
  campaignId: number;
  accountId: number;
  phone: string;
  text: string;
  messageId: string;
  /** Issue 16: the row's channel (a sender claims only rows of its own kind), the e-mail parts. */
  channel?: 'whatsapp' | 'sms' | 'email';
  email?: { to: string; subject: string; html?: string };
  /** Claims of this row so far, this one included (temporary refusals retry up to a limit). */
  attempts?: number;
}

export interface ClaimedBatch {
  sessionId: number;
  accountId: number;
  pacingMs: [number, number];
  /** The sender's error streak when claimed (auto-pause counts on from here). */
  consecutiveErrors: number;
  /** The plan's onWhatsApp checks per hour for this sender (0 = no checks). */
  numberChecksPerHour: number;
  rows: ClaimedRow[];
}

export type ClaimConfig = SenderPacingConfig & { sendBatch: number; reconcileAfterMs: number; leaseMs?: number };

// Due rows of campaign $1 (a one-element array), at most $2; a reach-out locked sender ($3)
// takes only rows of contacts who wrote to it, and leaves the rest queued for the account's
// other senders. The campaign as an array and the order by (campaign_id, id) leave the
// planner only the claim index: with "campaign_id = $1 ORDER BY id" it took the primary key
// whenever the statistics still said most rows were queued (a campaign's first ~10 %), and
// each claim then read every row already sent before it met a queued one (EXPLAIN ANALYZE,
// 1,000,000 rows, 20,000 sent: 110–180 ms a claim by the primary key, 0.4–2.8 ms by the index).
// With the plan's contact cap on, rows whose number another of the account's campaigns reached
// since the cutoff ($11; $10 is the lease time) wait. A wait-mode campaign takes them out of the claim index
// (outbox_claim_due_idx, WHERE due_at IS NULL) by setting `due_at` to when the number is free
// again, so later claims never read them again (migration 0540); each claim first puts back
// held rows whose time has come (outbox_held_idx). A skip-mode campaign and a reach-out locked
// sender keep the plain probe (skip-mode rows leave the queue as skipped anyway).
const capped = (on: boolean) => (on ? `AND NOT ${reachedSince('o', '$11::timestamptz')}` : '');
const ANY_RECIPIENT = (cap: boolean) => `SELECT o.id, NULL::timestamptz AS hold_until FROM outbox o WHERE o.campaign_id = ANY($1::int[]) AND o.status = 'queued' AND o.channel = $9 AND o.due_at IS NULL ${capped(cap)}
                  ORDER BY o.campaign_id, o.id LIMIT $2 FOR UPDATE SKIP LOCKED`;
const CONTACTS_ONLY = (cap: boolean) => `SELECT o.id, NULL::timestamptz AS hold_until FROM sender_contacts sc JOIN outbox o ON o.campaign_id = ANY($1::int[]) AND o.phone = sc.phone
                  WHERE sc.session_id = $3 AND o.status = 'queued' AND o.channel = $9 AND o.due_at IS NULL ${capped(cap)}
                  ORDER BY o.id LIMIT $2 FOR UPDATE OF o SKIP LOCKED`;
// Wait mode: the next rows of the index, each with the time it must wait until (null = send).
// $12 is the cap in hours, $13 the short recheck for a number only in flight elsewhere.
const WAITING = `SELECT cand.id, ${holdUntil('cand', '$11::timestamptz', '$4::timestamptz', '$12::int', '$13::int')} AS hold_until
                   FROM (SELECT o.id, o.account_id, o.phone, o.channel FROM outbox o
                          WHERE o.campaign_id = ANY($1::int[]) AND o.status = 'queued' AND o.channel = $9 AND o.due_at IS NULL
                          ORDER BY o.campaign_id, o.id LIMIT $2 FOR UPDATE SKIP LOCKED) cand`;
// Held rows whose time has come go back to the claim index (a few hundred a claim at most).
const RELEASE_LIMIT = 500;
const released = (capOn: boolean) => `released AS (
           UPDATE outbox o SET due_at = NULL
             FROM (SELECT h.id FROM outbox h WHERE h.campaign_id = ANY($1::int[]) AND h.status = 'queued' AND h.due_at IS NOT NULL
                     ${capOn ? 'AND h.due_at <= $4' : ''} ORDER BY h.campaign_id, h.due_at LIMIT ${RELEASE_LIMIT} FOR UPDATE SKIP LOCKED) r
            WHERE o.id = r.id RETURNING o.id),`;
// A claim in wait mode reads at most this many waiting rows before it gives up for this round.
const HOLD_SCAN_MAX = 5_000;
// A number only in flight in another campaign (sending, may yet fail) is looked at again soon.
const IN_FLIGHT_RECHECK_S = 60;

// Serialises claims of one account's senders so the plan's daily limit holds across them
// (two-int advisory key: this namespace, the account id).
const CLAIM_LOCK_NS = 6001;

/**
 * Claims due rows for one sender; undefined when the sender is not due, not usable, in
 * quiet hours, at a limit, or has nothing to send. `ownerId` (when given) must hold the lease.
 */
export async function claimForSender(db: Db, config: ClaimConfig, clock: Clock, sessionId: number, opts: { ownerId?: string } = {}): Promise<ClaimedBatch | undefined> {
  const now = clock.now();
  return db.tx(async (t) => {
    const [found] = await getPacingInputs(t, now, { sessionIds: [sessionId], claim: { ownerId: opts.ownerId } });
    if (!found) return undefined;
    const s = toPacingInputs(config, found);
    if (inQuietHours(s.localHour, s.quietHours.start, s.quietHours.end)) return undefined;
    const accountId = s.accountId!;
    const dailyLimit = s.planDailyLimit!;
    const { pacingMs, sentToday } = s;

    // The plan's daily limit is per channel (issue 16): only senders of this one count.
    const accountUsed = () => t.one<{ n: number }>(
      `SELECT coalesce(sum(sent_today), 0)::int AS n FROM sender_sessions
        WHERE account_id = $1 AND sent_today_date = $2::date AND channel = $3`, [accountId, s.localDay, s.channel]).then((r) => r!.n);
    const senderLimit = s.capToday;
    // A paced sender takes one row at a time, so a crash can strand at most that one.
    let room = pacingMs[1] === 0 ? config.sendBatch : 1;
    if (senderLimit !== null) room = Math.min(room, senderLimit - sentToday);
    // An unlocked first look at the plan's limit (read with the pacing inputs).
    const usedAtStart = found.account_sent_today ?? await accountUsed();
    room = Math.min(room, dailyLimit - usedAtStart);
    if (room <= 0) return undefined;

    const rows: ClaimedRow[] = [];
    const campaigns = found.running_campaigns ?? [];
    const cutoff = capCutoff(now, found.contact_cap_hours);
    for (const c of campaigns) {
      const hold = cutoff !== null && c.capMode === 'wait' && !s.reachoutLocked;
      const due = s.reachoutLocked ? CONTACTS_ONLY(cutoff !== null) : hold ? WAITING : ANY_RECIPIENT(cutoff !== null);
      const capParams = cutoff ? (hold ? [cutoff, found.contact_cap_hours, IN_FLIGHT_RECHECK_S] : [cutoff]) : [];
      const got: Array<ChannelOutboxRow & { id: number; phone: string; name: string | null; variables: Record<string, string>; body: string | null; variant: number | null; wa_message_id: string }> = [];
      // In wait mode a round that held rows back looks further, with a doubling window, until
      // it has its room or has read HOLD_SCAN_MAX rows (amortised: held rows are never read again).
      for (let want = room - rows.length, scanned = 0, first = true; want > 0; first = false) {
        const limit = hold ? Math.min(Math.max(want, scanned), HOLD_SCAN_MAX - scanned) : want;
        if (limit <= 0) break;
        // The claim and the sender's count in one statement: counted at claim so concurrent
        // claims see it; next_send_at is pushed out until the dispatcher records the batch and
        // sets the real random delay. Nothing claimed leaves the sender untouched.
        const res = await t.query<ChannelOutboxRow & { id: number | null; phone: string; name: string | null; variables: Record<string, string>; body: string | null; variant: number | null; wa_message_id: string; held_n: number; released_n: number }>(
          `WITH due AS MATERIALIZED (${due}),
           ${first ? released(cutoff !== null) : ''}
           held AS (UPDATE outbox o SET due_at = due.hold_until FROM due WHERE o.id = due.id AND due.hold_until IS NOT NULL RETURNING o.id),
           got AS (
             UPDATE outbox o
                SET status = 'sending', sender_session_id = $3, attempts = o.attempts + 1, claimed_at = $4, updated_at = $4, claimed_by = $5,
                    wa_message_id = '3EB0' || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 16))
               FROM due
              WHERE o.id = due.id AND due.hold_until IS NULL
            RETURNING o.id, o.phone, o.name, o.variables, o.body, o.variant, o.wa_message_id, ${CHANNEL_RETURNING}),
           counted AS (
             UPDATE sender_sessions SET sent_today = $6 + (SELECT count(*) FROM got), sent_today_date = $7::date,
                    next_send_at = $4::timestamptz + make_interval(secs => $8::double precision / 1000),
                    -- The heartbeat skips a row locked by this claim; the claim renews it instead.
                    ${extendOwnLeaseSql('$5::text', '$10')}
              WHERE id = $3 AND EXISTS (SELECT 1 FROM got))
           SELECT got.*, (SELECT count(*)::int FROM held) AS held_n, ${first ? '(SELECT count(*)::int FROM released)' : '0'} AS released_n FROM (SELECT 1) one LEFT JOIN got ON true`,
          [[c.id], limit, s.sessionId, now, opts.ownerId ?? null, sentToday + rows.length + got.length, s.localDay, config.reconcileAfterMs, s.channel, config.leaseMs ?? 0, ...capParams],
        );
        const taken = res.filter((r) => r.id !== null) as typeof got;
        got.push(...taken);
        const heldN = res[0]?.held_n ?? 0;
        scanned += taken.length + heldN;
        want -= taken.length;
        // Rows put back by this statement become visible to the next one (one more round).
        if (first && (res[0]?.released_n ?? 0) > 0) continue;
        if (!hold || heldN === 0) break;
      }
      // A campaign launched to skip recently reached numbers drops the rows the claim passed over.
      if (cutoff && c.capMode === 'skip') await skipRecentlyReached(t, clock, c.id, cutoff, got.length ? Math.max(...got.map((r) => r.id)) : null);
      for (const r of got.sort((a, b) => a.id - b.id)) {
        rows.push({
          id: r.id, campaignId: c.id, accountId, phone: r.phone, messageId: r.wa_message_id, ...(c.media ? { media: c.media } : {}),
          // A body left unrendered at launch is rendered here by the same function as the demo's.
          text: r.body ?? renderMessage(c, r.phone, { ...r.variables, name: r.name }, r.variant ?? undefined).text,
          ...channelParts(c, r),
        });
      }
      if (rows.length >= room) break;
    }
    if (!rows.length) return undefined;

    // The plan's daily limit across the account's senders. Each sender has at most one claim
    // in flight (its row is locked above) of at most SEND_BATCH rows, so while the account's
    // count plus a full batch for every one of its senders stays within the limit, no set of
    // concurrent claims can pass it and no lock is needed (every process of one database runs
    // with the same SEND_BATCH, as it reads the same configuration). Nearer the limit, claims queue on
    // the account's advisory lock for this check: the lock is taken after the rows are picked,
    // claims that committed meanwhile may leave less room, and the rows beyond it go back.
    const headroom = dailyLimit - usedAtStart - (found.account_senders ?? Infinity) * config.sendBatch;
    if (headroom < 0) {
      await t.query('SELECT pg_advisory_xact_lock($1, $2)', [CLAIM_LOCK_NS, accountId]);
      const over = rows.length - (dailyLimit - (await accountUsed() - rows.length));
      if (over > 0) {
        const back = rows.splice(rows.length - over, over).map((r) => r.id);
        await t.exec(
          `UPDATE outbox SET status = 'queued', wa_message_id = NULL, claimed_at = NULL, claimed_by = NULL, attempts = attempts - 1
            WHERE id = ANY($1::bigint[])`, [back]);
        await t.exec('UPDATE sender_sessions SET sent_today = $2 WHERE id = $1', [s.sessionId, sentToday + rows.length]);
      }
      if (!rows.length) return undefined;
    }
    return { sessionId: s.sessionId, accountId, pacingMs, consecutiveErrors: s.consecutiveErrors, numberChecksPerHour: s.numberChecksPerHour, rows };
  });
}
