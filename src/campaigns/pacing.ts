// Honest time estimates: messages go one at a time per sender, at a random gap in
// [min, max] (mean (min+max)/2), and never more than the plan's daily limit per day.
import type { Config } from '../config.js';
import type { Queryable } from '../db/database.js';

export interface SenderPacing {
  id: number;
  meanGapMs: number;
}

/** Open campaign senders of an account (purpose campaigns|both) and their mean gap. */
export async function healthySenders(q: Queryable, config: Config, accountId: number): Promise<SenderPacing[]> {
  const rows = await q.query<{ id: number; transport: string; min: number | null; max: number | null }>(
    `SELECT s.id, s.transport, coalesce(s.pacing_min_ms, p.pacing_min_ms) AS min, coalesce(s.pacing_max_ms, p.pacing_max_ms) AS max
       FROM sender_sessions s JOIN accounts a ON a.id = s.account_id JOIN plans p ON p.id = a.plan_id
      WHERE s.account_id = $1 AND s.purpose IN ('campaigns', 'both') AND s.status = 'open'
      ORDER BY s.id`,
    [accountId],
  );
  return rows.map((r) => {
    const sandbox = r.transport === 'sandbox' || config.waTransport === 'sandbox';
    const [dmin, dmax] = sandbox ? config.sandboxPacingMs : config.pacingMs;
    return { id: r.id, meanGapMs: ((r.min ?? dmin) + (r.max ?? dmax)) / 2 };
  });
}

/** Seconds to send `messages` with these senders; null when there is no sender. */
export function estimateSeconds(messages: number, senders: SenderPacing[], dailyLimit: number): number | null {
  if (messages <= 0) return 0;
  if (!senders.length) return null;
  const perSecond = senders.reduce((sum, s) => sum + 1000 / Math.max(s.meanGapMs, 1), 0);
  // Each full day sends what the limit (or the pace) allows; the rest goes on the last day.
  const perDay = Math.min(dailyLimit > 0 ? dailyLimit : Infinity, perSecond * 86_400);
  const fullDays = Math.floor((messages - 1) / perDay);
  return Math.ceil(fullDays * 86_400 + (messages - fullDays * perDay) / perSecond);
}
