// What an admin's overview counts: live accounts and senders, running campaigns, pending top-ups.
import type { Queryable } from './db/database.js';

export interface OverviewCounts { accounts: number; senders: number; running: number; topups: number }

export async function countOverview(q: Queryable): Promise<OverviewCounts> {
  return (await q.one<OverviewCounts>(
    `SELECT (SELECT count(*) FROM accounts WHERE status <> 'erased')::int AS accounts,
            (SELECT count(*) FROM sender_sessions WHERE status <> 'removed')::int AS senders,
            (SELECT count(*) FROM campaigns WHERE status = 'running')::int AS running,
            (SELECT count(*) FROM topup_requests WHERE status = 'pending')::int AS topups`))!;
}
