// Honest time estimates: messages go one at a time per sender, at a random gap in [min, max]
// (mean (min+max)/2), within each sender's daily cap / warm-up step and the plan's daily
// limit. The pacing rules themselves live in src/dispatch/pacing.ts; this only adds them up.
import type { Config } from '../config.js';
import type { Queryable } from '../db/database.js';
import { pacingRange, senderDailyLimit, type SenderSettings } from '../dispatch/pacing.js';

export interface SenderPacing {
  id: number;
  meanGapMs: number;
  /** Today's cap of this sender (cap or warm-up step); null = none. */
  dailyLimit: number | null;
}

/** Senders that can send an account's campaigns now: open, not paused, purpose campaigns|both. */
export async function healthySenders(q: Queryable, config: Config, accountId: number): Promise<SenderPacing[]> {
  const rows = await q.query<{
    id: number; transport: 'whatsapp' | 'sandbox'; pacing_min_ms: number | null; pacing_max_ms: number | null; daily_cap: number | null;
    warmup: boolean; warmup_ladder: number[] | null; plan_min: number | null; plan_max: number | null; plan_cap: number | null;
    plan_ladder: number[] | null; days: number;
  }>(
    `SELECT s.id, s.transport, s.pacing_min_ms, s.pacing_max_ms, s.daily_cap, s.warmup, s.warmup_ladder,
            p.pacing_min_ms AS plan_min, p.pacing_max_ms AS plan_max, p.sender_daily_cap AS plan_cap, p.warmup_ladder AS plan_ladder,
            (now()::date - coalesce(s.linked_at, s.created_at)::date) AS days
       FROM sender_sessions s JOIN accounts a ON a.id = s.account_id JOIN plans p ON p.id = a.plan_id
      WHERE s.account_id = $1 AND s.purpose IN ('campaigns', 'both') AND s.status = 'open' AND s.paused_reason IS NULL
      ORDER BY s.id`,
    [accountId],
  );
  return rows.map((r) => {
    const settings: SenderSettings = {
      transport: config.waTransport === 'sandbox' ? 'sandbox' : r.transport,
      session: { pacing_min_ms: r.pacing_min_ms, pacing_max_ms: r.pacing_max_ms, daily_cap: r.daily_cap, warmup: r.warmup, warmup_ladder: r.warmup_ladder },
      plan: { pacing_min_ms: r.plan_min, pacing_max_ms: r.plan_max, sender_daily_cap: r.plan_cap, warmup_ladder: r.plan_ladder },
      daysSinceLinked: r.days,
    };
    const [min, max] = pacingRange(config, settings);
    return { id: r.id, meanGapMs: (min + max) / 2, dailyLimit: senderDailyLimit(config, settings) };
  });
}

/**
 * Seconds to send `messages` with these senders; null when there is no sender. Uses today's
 * caps for every day, so a warming-up number makes the estimate long rather than short.
 */
export function estimateSeconds(messages: number, senders: SenderPacing[], planDailyLimit: number): number | null {
  if (messages <= 0) return 0;
  if (!senders.length) return null;
  const perSecond = senders.reduce((sum, s) => sum + 1000 / Math.max(s.meanGapMs, 1), 0);
  const senderCaps = senders.reduce((sum, s) => sum + (s.dailyLimit ?? Infinity), 0);
  // Each full day sends what the limits (or the pace) allow; the rest goes on the last day.
  const perDay = Math.min(planDailyLimit, senderCaps, perSecond * 86_400);
  if (perDay <= 0) return null;
  const fullDays = Math.floor((messages - 1) / perDay);
  return Math.ceil(fullDays * 86_400 + (messages - fullDays * perDay) / perSecond);
}
