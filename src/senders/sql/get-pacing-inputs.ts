// The one query for a sender's pacing inputs, read by the claim, the launch estimate and
// the console alike: the account's local day and hour at a given instant, days since linked,
// today's count, the sender's and the plan's pacing settings, and whether it may send now.
// `at` comes from the caller's clock, never from the database's now(), so all of them agree
// about which day it is.
import type { Queryable } from '../../db/database.js';
import { inSendingWindowSql } from '../../campaigns/sending-window.js';
import type { MediaInfo } from '../../content/media.js';

export interface PacingInputsRow {
  id: number;
  account_id: number | null;
  transport: 'whatsapp' | 'sandbox' | 'smpp' | 'sms_http' | 'smtp';
  /** Issue 16: what the session sends; its plan daily limit is that channel's. */
  channel: 'whatsapp' | 'sms' | 'email';
  consecutive_errors: number;
  pacing_min_ms: number | null; pacing_max_ms: number | null; daily_cap: number | null; warmup: boolean; warmup_ladder: number[] | null;
  plan_pacing_min_ms: number | null; plan_pacing_max_ms: number | null; plan_sender_daily_cap: number | null;
  plan_warmup_ladder: number[] | null; daily_limit: number | null;
  quiet_start_hour: number | null; quiet_end_hour: number | null;
  /** YYYY-MM-DD in the account's time zone (UTC for the platform's own numbers). */
  local_day: string;
  local_hour: number;
  /** Counted for local_day only: yesterday's count is 0 today. */
  sent_today: number;
  /** 0 on the local day of linking and for a number never linked. */
  days_since_linked: number;
  /** Open, not paused, for campaigns, its account active. */
  can_send: boolean;
  /** The plan's onWhatsApp checks per hour (0 without a plan). */
  number_checks_per_hour: number;
  /** WhatsApp's reach-out timelock is on at `at`. */
  reachout_locked: boolean;
  /** The plan's per-contact frequency cap: one campaign message per number per this many hours (0 = off, or no plan). */
  contact_cap_hours: number;
  /** Claim only: the account's sends counted for local_day over all its senders, its senders, and its running campaigns in send order (those inside their own sending window, issue 14). */
  account_sent_today?: number;
  account_senders?: number;
  running_campaigns?: Array<{ id: number; body: string; alternates: string[] | null; media: MediaInfo | null; subject: string | null; html: string | null; capMode: 'wait' | 'skip' }>;
}

export interface PacingInputsFilter {
  sessionIds?: number[];
  accountId?: number;
  /** The claim: only a sender that can send and is due at `at` (with the lease, when ownerId is given), row-locked, skipping locked ones. */
  claim?: { ownerId?: string };
}

export async function getPacingInputs(q: Queryable, at: Date, filter: PacingInputsFilter): Promise<PacingInputsRow[]> {
  const claim = filter.claim;
  return q.query<PacingInputsRow>(
    `SELECT s.id, s.account_id, s.transport, s.channel, s.consecutive_errors,
            s.pacing_min_ms, s.pacing_max_ms, s.daily_cap, s.warmup, s.warmup_ladder,
            p.pacing_min_ms AS plan_pacing_min_ms, p.pacing_max_ms AS plan_pacing_max_ms,
            p.sender_daily_cap AS plan_sender_daily_cap, p.warmup_ladder AS plan_warmup_ladder,
            CASE s.channel WHEN 'sms' THEN coalesce(p.sms_daily_limit, p.daily_limit)
                           WHEN 'email' THEN coalesce(p.email_daily_limit, p.daily_limit) ELSE p.daily_limit END AS daily_limit,
            a.quiet_start_hour, a.quiet_end_hour,
            to_char(l.local_at, 'YYYY-MM-DD') AS local_day,
            extract(hour FROM l.local_at)::int AS local_hour,
            CASE WHEN s.sent_today_date = l.local_at::date THEN s.sent_today ELSE 0 END AS sent_today,
            CASE WHEN s.linked_at IS NULL THEN 0
                 ELSE greatest(0, l.local_at::date - (s.linked_at AT TIME ZONE l.tz)::date) END AS days_since_linked,
            (s.status = 'open' AND s.paused_reason IS NULL AND s.unhealthy_since IS NULL AND s.purpose IN ('campaigns', 'both')
              AND coalesce(a.status = 'active', false)) AS can_send,
            coalesce(p.number_checks_per_hour, 0) AS number_checks_per_hour,
            coalesce(s.reachout_locked_until > $1, false) AS reachout_locked,
            coalesce(p.contact_cap_hours, 0) AS contact_cap_hours
            ${claim ? `, (SELECT coalesce(sum(x.sent_today), 0)::int FROM sender_sessions x
                          WHERE x.account_id = s.account_id AND x.sent_today_date = l.local_at::date AND x.channel = s.channel) AS account_sent_today,
            (SELECT count(*)::int FROM sender_sessions x WHERE x.account_id = s.account_id AND x.status <> 'removed' AND x.channel = s.channel) AS account_senders,
            (SELECT coalesce(json_agg(json_build_object('id', c.id, 'body', c.body, 'alternates', c.alternates, 'subject', c.subject, 'html', c.html, 'capMode', c.contact_cap_mode,
                      'media', CASE WHEN m.sha256 IS NOT NULL THEN json_build_object('sha256', m.sha256, 'kind', m.kind, 'mimetype', m.mimetype, 'fileName', m.file_name, 'sizeBytes', m.size_bytes) END)
                      ORDER BY c.launched_at NULLS LAST, c.id), '[]'::json)
               FROM campaigns c LEFT JOIN media_files m ON m.account_id = c.account_id AND m.sha256 = c.media_sha256
              WHERE c.account_id = s.account_id AND c.status = 'running'
                AND ${inSendingWindowSql('$1')}
                -- Issue 16: a sender's own channel, and a WhatsApp campaign's SMS fallback rows for an SMS sender.
                AND (c.channel = s.channel OR (s.channel = 'sms' AND c.sms_fallback <> 'none'))) AS running_campaigns` : ''}
       FROM sender_sessions s
       LEFT JOIN accounts a ON a.id = s.account_id
       LEFT JOIN plans p ON p.id = a.plan_id
      CROSS JOIN LATERAL (SELECT coalesce(a.timezone, 'UTC') AS tz) z
      CROSS JOIN LATERAL (SELECT z.tz, $1::timestamptz AT TIME ZONE z.tz AS local_at) l
      WHERE s.status <> 'removed'
        AND ($2::int[] IS NULL OR s.id = ANY($2::int[]))
        AND ($3::int IS NULL OR s.account_id = $3)
        ${claim ? `AND s.next_send_at <= $1 AND s.status = 'open' AND s.paused_reason IS NULL AND s.unhealthy_since IS NULL
        AND s.purpose IN ('campaigns', 'both') AND a.status = 'active'
        AND ($4::text IS NULL OR (s.owner_id = $4 AND s.lease_until > $1))` : 'AND $4::text IS NULL'}
      ORDER BY s.id
      ${claim ? 'FOR UPDATE OF s SKIP LOCKED' : ''}`,
    [at, filter.sessionIds ?? null, filter.accountId ?? null, claim?.ownerId ?? null],
  );
}
