// A campaign's own sending window ("only between 10:00 and 20:00"), in the account's time zone,
// on top of the account's quiet hours. Kept apart from the schedule service so the claim
// (src/dispatch/claim.ts) imports only this condition.
import type { Campaign } from './campaigns.js';

/** Minutes after local midnight; start > end wraps midnight ("22:00–02:00"). */
export interface SendingWindow { startMinute: number; endMinute: number }

export function formatWindow(w: SendingWindow): string {
  const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hm(w.startMinute)}–${hm(w.endMinute)}`;
}

export function windowOf(c: Pick<Campaign, 'window_start_minute' | 'window_end_minute'>): SendingWindow | null {
  return c.window_start_minute === null || c.window_end_minute === null ? null : { startMinute: c.window_start_minute, endMinute: c.window_end_minute };
}

/**
 * The claim's condition (src/dispatch/claim.ts) that a campaign row `c` of an account row `a`
 * is inside its own sending window at the instant in parameter `$now`.
 */
export function inSendingWindowSql(now: string): string {
  const minute = `(extract(hour from (${now}::timestamptz AT TIME ZONE coalesce(a.timezone, 'UTC'))) * 60
                 + extract(minute from (${now}::timestamptz AT TIME ZONE coalesce(a.timezone, 'UTC'))))::int`;
  return `(c.window_start_minute IS NULL OR c.window_start_minute = c.window_end_minute
           OR (c.window_start_minute < c.window_end_minute AND ${minute} >= c.window_start_minute AND ${minute} < c.window_end_minute)
           OR (c.window_start_minute > c.window_end_minute AND (${minute} >= c.window_start_minute OR ${minute} < c.window_end_minute)))`;
}

