// The two limits on API calls, both counted in PostgreSQL so they hold exactly with several
// processes: the plan's api_quota_per_day per account (a row per account and UTC day, raised
// only while below the quota: the row lock serialises concurrent calls), and a per-token burst
// limit in fixed one-second windows kept on the token's row.
import type { Queryable } from '../db/database.js';

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

export async function countApiCall(q: Queryable, input: { tokenId: number; accountId: number; quota: number; burst: number }): Promise<LimitVerdict> {
  const b = await q.one<{ calls: number; reset: number }>(
    `UPDATE api_tokens SET
        burst_calls = CASE WHEN burst_window = date_trunc('second', clock_timestamp()) THEN burst_calls + 1 ELSE 1 END,
        burst_window = date_trunc('second', clock_timestamp())
      WHERE id = $1
      RETURNING burst_calls AS calls,
        ceil(extract(epoch FROM (date_trunc('day', now() AT TIME ZONE 'UTC') + interval '1 day') - (now() AT TIME ZONE 'UTC')))::int AS reset`,
    [input.tokenId]);
  const burstCalls = b?.calls ?? 1;
  const resetSeconds = b?.reset ?? 86400;
  const base = { quota: input.quota, resetSeconds, burst: input.burst, burstRemaining: Math.max(0, input.burst - burstCalls) };
  if (burstCalls > input.burst) {
    const used = await q.one<{ calls: number }>(`SELECT calls FROM api_usage WHERE account_id = $1 AND day = (now() AT TIME ZONE 'UTC')::date`, [input.accountId]);
    return { ok: false, which: 'burst', ...base, remaining: Math.max(0, input.quota - (used?.calls ?? 0)) };
  }
  const row = await q.one<{ calls: number }>(
    `INSERT INTO api_usage (account_id, day, calls) SELECT $1, (now() AT TIME ZONE 'UTC')::date, 1 WHERE $2::int > 0
     ON CONFLICT (account_id, day) DO UPDATE SET calls = api_usage.calls + 1 WHERE api_usage.calls < $2
     RETURNING calls`, [input.accountId, input.quota]);
  if (!row) return { ok: false, which: 'quota', ...base, remaining: 0 };
  return { ok: true, ...base, remaining: input.quota - row.calls };
}

/** API calls of the account today (console, `balance`). */
export async function apiCallsToday(q: Queryable, accountId: number): Promise<number> {
  const r = await q.one<{ calls: number }>(`SELECT calls FROM api_usage WHERE account_id = $1 AND day = (now() AT TIME ZONE 'UTC')::date`, [accountId]);
  return r?.calls ?? 0;
}
