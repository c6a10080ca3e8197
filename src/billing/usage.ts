// How much of the plan's daily message limit an account used today (its own time zone).
import type { Queryable } from '../db/database.js';

export async function messagesSentToday(q: Queryable, accountId: number, now: Date): Promise<number> {
  return (await q.one<{ used: number }>(
    `SELECT coalesce(sum(s.sent_today), 0)::int AS used
       FROM sender_sessions s JOIN accounts a ON a.id = s.account_id
      WHERE s.account_id = $1 AND s.sent_today_date = ($2::timestamptz AT TIME ZONE a.timezone)::date`, [accountId, now]))!.used;
}
