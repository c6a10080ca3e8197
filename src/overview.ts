// What an admin's overview shows: the business at a glance. Live accounts and senders, campaigns
// by state, pending top-ups, messages per day for 7 days, credits sold and used, senders by
// health, and why messages failed.
import type { Queryable } from './db/database.js';

export interface OverviewCounts {
  accounts: number; senders: number; running: number; paused: number; scheduled: number; topups: number;
}
export interface DayVolume { day: string; sent: number; delivered: number; read: number; failed: number }
export interface Overview {
  counts: OverviewCounts;
  days: DayVolume[];
  today: DayVolume;
  week: Omit<DayVolume, 'day'>;
  credits: { soldToday: number; usedToday: number; sold30: number; used30: number; available: number; reserved: number };
  senderHealth: Array<{ health: 'open' | 'paused' | 'needs_relink' | 'disconnected'; n: number }>;
  failures: Array<{ reason: string; n: number }>;
}

export async function countOverview(q: Queryable): Promise<OverviewCounts> {
  // A scheduled campaign is one with a start time that has not started (the schedule column may
  // not exist in this schema yet: read through to_jsonb so the query holds either way).
  return (await q.one<OverviewCounts>(
    `SELECT (SELECT count(*) FROM accounts WHERE status <> 'erased')::int AS accounts,
            (SELECT count(*) FROM sender_sessions WHERE status <> 'removed')::int AS senders,
            (SELECT count(*) FROM campaigns WHERE status = 'running')::int AS running,
            (SELECT count(*) FROM campaigns WHERE status = 'paused')::int AS paused,
            (SELECT count(*) FROM campaigns c WHERE c.status = 'scheduled'
                OR (c.status IN ('draft', 'demo_sent') AND to_jsonb(c) ->> 'scheduled_at' IS NOT NULL))::int AS scheduled,
            (SELECT count(*) FROM topup_requests WHERE status = 'pending')::int AS topups`))!;
}

/** The overview; days are UTC days, the oldest first, today last. */
export async function getOverview(q: Queryable): Promise<Overview> {
  const counts = await countOverview(q);
  const days = await q.query<DayVolume>(
    `WITH since AS (SELECT (date_trunc('day', now() AT TIME ZONE 'UTC') - interval '6 days') AT TIME ZONE 'UTC' AS t),
          o AS (SELECT (coalesce(sent_at, failed_at) AT TIME ZONE 'UTC')::date AS day, status, sent_at
                  FROM outbox, since WHERE coalesce(sent_at, failed_at) >= since.t),
          d AS (SELECT generate_series((SELECT t AT TIME ZONE 'UTC' FROM since), date_trunc('day', now() AT TIME ZONE 'UTC'), interval '1 day')::date AS day)
     SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
            count(o.day) FILTER (WHERE o.sent_at IS NOT NULL)::int AS sent,
            count(o.day) FILTER (WHERE o.status IN ('delivered', 'read'))::int AS delivered,
            count(o.day) FILTER (WHERE o.status = 'read')::int AS read,
            count(o.day) FILTER (WHERE o.status = 'failed')::int AS failed
       FROM d LEFT JOIN o ON o.day = d.day
      GROUP BY d.day ORDER BY d.day`);
  const sum = (k: keyof Omit<DayVolume, 'day'>) => days.reduce((a, d) => a + d[k], 0);
  const credits = (await q.one<Overview['credits']>(
    `SELECT coalesce(sum(available_delta) FILTER (WHERE kind = 'topup' AND created_at >= date_trunc('day', now())), 0)::int AS "soldToday",
            coalesce(-sum(reserved_delta) FILTER (WHERE kind = 'debit' AND created_at >= date_trunc('day', now())), 0)::int AS "usedToday",
            coalesce(sum(available_delta) FILTER (WHERE kind = 'topup' AND created_at >= now() - interval '30 days'), 0)::int AS sold30,
            coalesce(-sum(reserved_delta) FILTER (WHERE kind = 'debit' AND created_at >= now() - interval '30 days'), 0)::int AS used30,
            coalesce(sum(available_delta), 0)::int AS available,
            coalesce(sum(reserved_delta), 0)::int AS reserved
       FROM credit_ledger`))!;
  const senderHealth = await q.query<Overview['senderHealth'][number]>(
    `SELECT CASE WHEN status = 'needs_relink' OR status = 'logged_out' THEN 'needs_relink'
                 WHEN paused_reason IS NOT NULL THEN 'paused'
                 WHEN status = 'open' THEN 'open'
                 ELSE 'disconnected' END AS health, count(*)::int AS n
       FROM sender_sessions WHERE status <> 'removed' GROUP BY 1`);
  const order = ['open', 'paused', 'needs_relink', 'disconnected'];
  senderHealth.sort((a, b) => order.indexOf(a.health) - order.indexOf(b.health));
  const failures = await q.query<{ reason: string; n: number }>(
    `SELECT coalesce(reason, 'unknown') AS reason, count(*)::int AS n FROM outbox
      WHERE status IN ('failed', 'uncertain') AND coalesce(failed_at, sent_at, created_at) >= now() - interval '7 days'
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10`);
  return {
    counts, days, today: days[days.length - 1]!,
    week: { sent: sum('sent'), delivered: sum('delivered'), read: sum('read'), failed: sum('failed') },
    credits, senderHealth, failures,
  };
}
