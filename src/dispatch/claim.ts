// The claim: one sender's due outbox rows move queued → sending with a pre-generated
// WhatsApp message id, inside the sender's daily cap, warm-up step and its account's plan
// limit. Runs in the send-campaigns worker; the rows go to the main thread to be sent.
import type { Clock } from '../clock.js';
import type { MediaInfo } from '../content/media.js';
import { renderMessage } from '../content/variants.js';
import type { Db, Queryable } from '../db/database.js';
import { toPacingInputs, type SenderPacingConfig } from '../senders/pacing-inputs.js';
import { getPacingInputs } from '../senders/sql/get-pacing-inputs.js';
import { capCutoff, reachedSince } from './contact-cap.js';
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
// With the plan's contact cap on, both leave rows whose number another of the account's
// campaigns reached since the cutoff ($11): one indexed NOT EXISTS probe per row (contact-cap.ts).
const capped = (on: boolean) => (on ? `AND NOT ${reachedSince('o', '$11::timestamptz')}` : '');
const ANY_RECIPIENT = (cap: boolean) => `SELECT o.id FROM outbox o WHERE o.campaign_id = ANY($1::int[]) AND o.status = 'queued' AND o.channel = $9 ${capped(cap)}
                  ORDER BY o.campaign_id, o.id LIMIT $2 FOR UPDATE SKIP LOCKED`;
const CONTACTS_ONLY = (cap: boolean) => `SELECT o.id FROM sender_contacts sc JOIN outbox o ON o.campaign_id = ANY($1::int[]) AND o.phone = sc.phone
                  WHERE sc.session_id = $3 AND o.status = 'queued' AND o.channel = $9 ${capped(cap)}
                  ORDER BY o.id LIMIT $2 FOR UPDATE OF o SKIP LOCKED`;

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
      // The claim and the sender's count in one statement: counted at claim so concurrent
      // claims see it; next_send_at is pushed out until the dispatcher records the batch and
      // sets the real random delay. Nothing claimed leaves the sender untouched.
      const got = await t.query<ChannelOutboxRow & { id: number; phone: string; name: string | null; variables: Record<string, string>; body: string | null; variant: number | null; wa_message_id: string }>(
        `WITH got AS (
           UPDATE outbox o
              SET status = 'sending', sender_session_id = $3, attempts = o.attempts + 1, claimed_at = $4, updated_at = $4, claimed_by = $5,
                  wa_message_id = '3EB0' || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 16))
             FROM (${s.reachoutLocked ? CONTACTS_ONLY(cutoff !== null) : ANY_RECIPIENT(cutoff !== null)}) due
            WHERE o.id = due.id
          RETURNING o.id, o.phone, o.name, o.variables, o.body, o.variant, o.wa_message_id, ${CHANNEL_RETURNING}),
         counted AS (
           UPDATE sender_sessions SET sent_today = $6 + (SELECT count(*) FROM got), sent_today_date = $7::date,
                  next_send_at = $4::timestamptz + make_interval(secs => $8::double precision / 1000),
                  -- The heartbeat skips a row locked by this claim; the claim renews it instead.
                  ${extendOwnLeaseSql('$5::text', '$10')}
            WHERE id = $3 AND EXISTS (SELECT 1 FROM got))
         SELECT * FROM got`,
        [[c.id], room - rows.length, s.sessionId, now, opts.ownerId ?? null, sentToday + rows.length, s.localDay, config.reconcileAfterMs, s.channel, config.leaseMs ?? 0, ...(cutoff ? [cutoff] : [])],
      );
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
