// The two limits on API calls, both counted in PostgreSQL so they hold exactly with several
// processes: the plan's api_quota_per_day per account (a row per account and UTC day, raised
// only while below the quota: the row lock serialises concurrent calls), and a per-token burst
// limit in fixed one-second windows kept on the token's row.
import type { Db, Queryable } from '../db/database.js';

export interface LimitVerdict {
  ok: boolean;
  which?: 'burst' | 'quota';
  quota: number;
  remaining: number;
  /** Seconds until the daily count starts again (UTC midnight). */
  resetSeconds: number;
  burst: number;
  burstRemaining: number;
}

export async function countApiCall(db: Pick<Db, 'tx'>, input: { tokenId: number; accountId: number; quota: number; burst: number }): Promise<LimitVerdict> {
  // One statement for the token's last use, its burst window and the account's daily count,
  // committed without waiting for the WAL flush: these rows are locked by every call of a
  // token or account, so a durable commit each (three before, ~10-30 ms each under load on
  // the product's fsync'd PostgreSQL) serialised all calls behind the disk (13 req/s in
  // bench/api.ts). The locks still order concurrent calls, so the quota stays exact across
  // processes; a crash can forget the last fraction of a second of counts, never add any.
  const r = await db.tx(async (q) => {
    await q.exec('SET LOCAL synchronous_commit = off');
    return q.one<{ burst_calls: number | null; calls: number | null; used: number | null; reset: number }>(
      `WITH t AS (
         UPDATE api_tokens SET last_used_at = now(),
                burst_calls = CASE WHEN burst_window = date_trunc('second', clock_timestamp()) THEN burst_calls + 1 ELSE 1 END,
                burst_window = date_trunc('second', clock_timestamp())
          WHERE id = $1 RETURNING burst_calls),
       u AS (
         INSERT INTO api_usage (account_id, day, calls)
         SELECT $2, (now() AT TIME ZONE 'UTC')::date, 1 WHERE $3::int > 0 AND coalesce((SELECT burst_calls FROM t), 1) <= $4::int
         ON CONFLICT (account_id, day) DO UPDATE SET calls = api_usage.calls + 1 WHERE api_usage.calls < $3
         RETURNING calls)
       SELECT (SELECT burst_calls FROM t) AS burst_calls, (SELECT calls FROM u) AS calls,
              (SELECT calls FROM api_usage WHERE account_id = $2 AND day = (now() AT TIME ZONE 'UTC')::date) AS used,
              ceil(extract(epoch FROM (date_trunc('day', now() AT TIME ZONE 'UTC') + interval '1 day') - (now() AT TIME ZONE 'UTC')))::int AS reset`,
      [input.tokenId, input.accountId, input.quota, input.burst]);
  });
  const burstCalls = r?.burst_calls ?? 1;
  const resetSeconds = r?.reset ?? 86400;
  const base = { quota: input.quota, resetSeconds, burst: input.burst, burstRemaining: Math.max(0, input.burst - burstCalls) };
  // `used` is the count before this statement (the CTE's snapshot).
  if (burstCalls > input.burst) return { ok: false, which: 'burst', ...base, remaining: Math.max(0, input.quota - (r?.used ?? 0)) };
  if (r?.calls == null) return { ok: false, which: 'quota', ...base, remaining: 0 };
  return { ok: true, ...base, remaining: input.quota - r.calls };
}

/** API calls of the account today (console, `balance`). */
export async function apiCallsToday(q: Queryable, accountId: number): Promise<number> {
  const r = await q.one<{ calls: number }>(`SELECT calls FROM api_usage WHERE account_id = $1 AND day = (now() AT TIME ZONE 'UTC')::date`, [accountId]);
  return r?.calls ?? 0;
}
