// `credits.low` (issue 15): an account's credits left (available + reserved, i.e. not yet
// spent) fall below 10 % of its last top-up. Only a debit lowers them, so the check rides on
// the statement that records sent messages (src/dispatch/outcomes.ts markSent), and only for
// accounts with an endpoint wanting the event: the ledger sums below are never read otherwise.
// Once per crossing: credit_low_alerts holds one row per (account, top-up) that was reported,
// so the next top-up re-arms it. Settlement takes no account lock, so two batches recorded at
// once may each see the other's debit as not yet made: the crossing is then reported by the
// next debit below the threshold (still once, by the marker's key).
import { eventsFromRowsSql } from './events.js';

/** Percent of the last top-up below which the credits left are "low". */
export const CREDITS_LOW_PERCENT = 10;

/** CTEs for the WITH list of a statement whose `rows` CTE (account_id, was_reserved, row_credits) debited credits. */
export function creditsLowSql(rows: string): string {
  return `low_acct AS (
       SELECT DISTINCT e.account_id FROM webhook_endpoints e
        WHERE e.enabled AND 'credits.low' = ANY(e.events) AND e.account_id IN (SELECT account_id FROM ${rows} WHERE was_reserved)),
     low_spent AS (
       SELECT m.account_id, sum(coalesce(m.row_credits, p.credits_per_message))::bigint AS spent
         FROM ${rows} m JOIN low_acct USING (account_id) JOIN accounts a ON a.id = m.account_id JOIN plans p ON p.id = a.plan_id
        WHERE m.was_reserved GROUP BY m.account_id HAVING sum(coalesce(m.row_credits, p.credits_per_message)) > 0),
     low_cross AS (
       SELECT s.account_id, t.id AS topup_id, t.threshold, b.left_before - s.spent AS left_after
         FROM low_spent s
        CROSS JOIN LATERAL (SELECT l.id, l.available_delta * ${CREDITS_LOW_PERCENT} / 100 AS threshold FROM credit_ledger l
                             WHERE l.account_id = s.account_id AND l.kind = 'topup' ORDER BY l.id DESC LIMIT 1) t
        CROSS JOIN LATERAL (SELECT coalesce(sum(l.available_delta + l.reserved_delta), 0) AS left_before FROM credit_ledger l
                             WHERE l.account_id = s.account_id) b
        WHERE b.left_before - s.spent < t.threshold),
     low_mark AS (
       INSERT INTO credit_low_alerts (account_id, topup_ledger_id) SELECT account_id, topup_id FROM low_cross
       ON CONFLICT DO NOTHING RETURNING account_id),
     low_rows AS (SELECT c.* FROM low_cross c JOIN low_mark USING (account_id)),
     ${eventsFromRowsSql('low', 'low_rows', 'credits.low',
       `jsonb_build_object('credits_left', r.left_after, 'threshold', r.threshold, 'percent_of_last_topup', ${CREDITS_LOW_PERCENT})`)}`;
}
