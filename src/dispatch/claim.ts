// The claim: one sender's due outbox rows move queued → sending with a pre-generated
// WhatsApp message id, inside the sender's daily cap, warm-up step and its account's plan
// limit. Runs in the send-campaigns worker; the rows go to the main thread to be sent.
import type { Clock } from '../clock.js';
import { renderTemplate } from '../content/templates.js';
import type { Db, Queryable } from '../db/database.js';
import { inQuietHours, pacingRange, senderDailyLimit, type PacingConfig, type SenderSettings } from './pacing.js';

export interface ClaimedRow {
  id: number;
  campaignId: number;
  accountId: number;
  phone: string;
  text: string;
  messageId: string;
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

export type ClaimConfig = PacingConfig & { sendBatch: number; reconcileAfterMs: number };

// Due rows of campaign $1, at most $2; a reach-out locked sender ($3) takes only rows of
// contacts who wrote to it, and leaves the rest queued for the account's other senders.
const ANY_RECIPIENT = `SELECT id FROM outbox WHERE campaign_id = $1 AND status = 'queued'
                  ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`;
const CONTACTS_ONLY = `SELECT o.id FROM sender_contacts sc JOIN outbox o ON o.campaign_id = $1 AND o.phone = sc.phone
                  WHERE sc.session_id = $3 AND o.status = 'queued'
                  ORDER BY o.id LIMIT $2 FOR UPDATE OF o SKIP LOCKED`;

// Serialises claims of one account's senders so the plan's daily limit holds across them
// (two-int advisory key: this namespace, the account id).
const CLAIM_LOCK_NS = 6001;

interface SenderRow {
  id: number; account_id: number; transport: 'whatsapp' | 'sandbox'; consecutive_errors: number;
  pacing_min_ms: number | null; pacing_max_ms: number | null; daily_cap: number | null; warmup: boolean;
  warmup_ladder: number[] | null; sent_today: number; sent_today_date: string | null;
  plan_pacing_min_ms: number | null; plan_pacing_max_ms: number | null; plan_sender_daily_cap: number | null;
  plan_warmup_ladder: number[] | null; daily_limit: number; local_day: string; local_hour: number;
  days_since_linked: number; quiet_start_hour: number | null; quiet_end_hour: number | null; number_checks_per_hour: number; reachout_locked: boolean;
}

/**
 * Claims due rows for one sender; undefined when the sender is not due, not usable, in
 * quiet hours, at a limit, or has nothing to send. `ownerId` (when given) must hold the lease.
 */
export async function claimForSender(db: Db, config: ClaimConfig, clock: Clock, sessionId: number, opts: { ownerId?: string } = {}): Promise<ClaimedBatch | undefined> {
  const now = clock.now();
  return db.tx(async (t) => {
    const s = await t.one<SenderRow>(
      `SELECT s.id, s.account_id, s.transport, s.consecutive_errors, s.pacing_min_ms, s.pacing_max_ms, s.daily_cap, s.warmup,
              s.warmup_ladder, s.sent_today, to_char(s.sent_today_date, 'YYYY-MM-DD') AS sent_today_date,
              p.pacing_min_ms AS plan_pacing_min_ms, p.pacing_max_ms AS plan_pacing_max_ms,
              p.sender_daily_cap AS plan_sender_daily_cap, p.warmup_ladder AS plan_warmup_ladder, p.daily_limit, p.number_checks_per_hour,
              to_char($2::timestamptz AT TIME ZONE a.timezone, 'YYYY-MM-DD') AS local_day,
              extract(hour FROM $2::timestamptz AT TIME ZONE a.timezone)::int AS local_hour,
              (($2::timestamptz AT TIME ZONE a.timezone)::date - (coalesce(s.linked_at, s.created_at) AT TIME ZONE a.timezone)::date) AS days_since_linked,
              a.quiet_start_hour, a.quiet_end_hour, coalesce(s.reachout_locked_until > $2, false) AS reachout_locked
         FROM sender_sessions s JOIN accounts a ON a.id = s.account_id JOIN plans p ON p.id = a.plan_id
        WHERE s.id = $1 AND s.next_send_at <= $2 AND s.status = 'open' AND s.paused_reason IS NULL
          AND s.purpose IN ('campaigns', 'both') AND a.status = 'active'
          AND ($3::text IS NULL OR (s.owner_id = $3 AND s.lease_until > $2))
        FOR UPDATE OF s SKIP LOCKED`,
      [sessionId, now, opts.ownerId ?? null],
    );
    if (!s || inQuietHours(s.local_hour, s.quiet_start_hour, s.quiet_end_hour)) return undefined;

    const settings: SenderSettings = {
      transport: s.transport,
      session: { pacing_min_ms: s.pacing_min_ms, pacing_max_ms: s.pacing_max_ms, daily_cap: s.daily_cap, warmup: s.warmup, warmup_ladder: s.warmup_ladder },
      plan: { pacing_min_ms: s.plan_pacing_min_ms, pacing_max_ms: s.plan_pacing_max_ms, sender_daily_cap: s.plan_sender_daily_cap, warmup_ladder: s.plan_warmup_ladder },
      daysSinceLinked: s.days_since_linked,
    };
    const pacingMs = pacingRange(config, settings);
    const sentToday = s.sent_today_date === s.local_day ? s.sent_today : 0;

    const accountUsed = () => t.one<{ n: number }>(
      `SELECT coalesce(sum(sent_today), 0)::int AS n FROM sender_sessions
        WHERE account_id = $1 AND sent_today_date = $2::date`, [s.account_id, s.local_day]).then((r) => r!.n);
    const senderLimit = senderDailyLimit(config, settings);
    // A paced sender takes one row at a time, so a crash can strand at most that one.
    let room = pacingMs[1] === 0 ? config.sendBatch : 1;
    if (senderLimit !== null) room = Math.min(room, senderLimit - sentToday);
    // An unlocked first look at the plan's limit; checked again under the lock below.
    room = Math.min(room, s.daily_limit - await accountUsed());
    if (room <= 0) return undefined;

    const rows: ClaimedRow[] = [];
    const campaigns = await t.query<{ id: number; body: string }>(
      `SELECT id, body FROM campaigns WHERE account_id = $1 AND status = 'running' ORDER BY launched_at NULLS LAST, id`, [s.account_id]);
    for (const c of campaigns) {
      const got = await t.query<{ id: number; phone: string; name: string | null; variables: Record<string, string>; body: string | null; wa_message_id: string }>(
        `UPDATE outbox o
            SET status = 'sending', sender_session_id = $3, attempts = o.attempts + 1, claimed_at = $4, updated_at = $4, claimed_by = $5,
                wa_message_id = '3EB0' || upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 16))
           FROM (${s.reachout_locked ? CONTACTS_ONLY : ANY_RECIPIENT}) due
          WHERE o.id = due.id
        RETURNING o.id, o.phone, o.name, o.variables, o.body, o.wa_message_id`,
        [c.id, room - rows.length, s.id, now, opts.ownerId ?? null],
      );
      for (const r of got.sort((a, b) => a.id - b.id)) {
        rows.push({
          id: r.id, campaignId: c.id, accountId: s.account_id, phone: r.phone, messageId: r.wa_message_id,
          text: r.body ?? renderTemplate(c.body, { name: r.name, ...r.variables }),
        });
      }
      if (rows.length >= room) break;
    }
    if (!rows.length) return undefined;

    // The lock is taken after the rows are picked, so an account's senders claim in parallel
    // and queue only for this check: claims that committed meanwhile may leave less room,
    // and the rows beyond it go back to the queue.
    await t.query('SELECT pg_advisory_xact_lock($1, $2)', [CLAIM_LOCK_NS, s.account_id]);
    const over = rows.length - (s.daily_limit - await accountUsed());
    if (over > 0) {
      const back = rows.splice(rows.length - over, over).map((r) => r.id);
      await t.exec(
        `UPDATE outbox SET status = 'queued', wa_message_id = NULL, claimed_at = NULL, claimed_by = NULL, attempts = attempts - 1
          WHERE id = ANY($1::bigint[])`, [back]);
    }
    if (!rows.length) return undefined;
    // Counted at claim so concurrent claims see it; next_send_at is pushed out until the
    // dispatcher records the batch and sets the real random delay.
    await t.exec(
      `UPDATE sender_sessions SET sent_today = $2, sent_today_date = $3::date,
              next_send_at = $4::timestamptz + make_interval(secs => $5::double precision / 1000)
        WHERE id = $1`,
      [s.id, sentToday + rows.length, s.local_day, now, config.reconcileAfterMs],
    );
    return { sessionId: s.id, accountId: s.account_id, pacingMs, consecutiveErrors: s.consecutive_errors, numberChecksPerHour: s.number_checks_per_hour, rows };
  });
}
