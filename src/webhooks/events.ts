// Webhook events, written in the transaction of the change they report: one statement inserts
// the event and one pending delivery per enabled endpoint of the account that wants its type
// (nothing at all when no endpoint wants it). Delivery happens later (deliver.ts).
import type { Queryable } from '../db/database.js';

export const WEBHOOK_EVENTS = ['message.sent', 'message.delivered', 'message.read', 'message.failed', 'campaign.started', 'campaign.paused',
  'campaign.completed', 'contact.opted_out', 'sender.paused', 'credits.low'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export async function recordEvent(tx: Queryable, accountId: number, type: WebhookEventType, data: Record<string, unknown>): Promise<void> {
  await tx.exec(
    `WITH ep AS (SELECT id FROM webhook_endpoints WHERE account_id = $1 AND enabled AND $2 = ANY(events)),
          ev AS (INSERT INTO webhook_events (account_id, type, payload)
                 SELECT $1, $2, $3::jsonb WHERE EXISTS (SELECT 1 FROM ep) RETURNING id)
     INSERT INTO webhook_deliveries (event_id, endpoint_id) SELECT ev.id, ep.id FROM ev, ep`,
    [accountId, type, JSON.stringify(data)]);
}

/**
 * The same, set-based, as CTEs to append to a statement that moved rows (issue 15): one event
 * per row of `rows` (a CTE name, columns `account_id` plus what `payload` reads, aliased `r`)
 * whose account has an enabled endpoint wanting `type`, in `orderBy` order, and one delivery
 * per event and endpoint. The endpoint probe is an index lookup per account touched; with no
 * endpoint no event row is written. `type` comes from WEBHOOK_EVENTS, never from input.
 * Returns `name_ep AS (…), name_ev AS (…), name_dl AS (…)` for a WITH list.
 */
export function eventsFromRowsSql(name: string, rows: string, type: WebhookEventType, payload: string, orderBy = 'r.account_id'): string {
  if (!(WEBHOOK_EVENTS as readonly string[]).includes(type)) throw new RangeError(`unknown webhook event ${type}`);
  if (!/^[a-z_][a-z0-9_]*$/.test(name) || !/^[a-z_][a-z0-9_]*$/.test(rows)) throw new RangeError('CTE names must be identifiers');
  return `${name}_ep AS (
       SELECT e.id, e.account_id FROM webhook_endpoints e
        WHERE e.enabled AND '${type}' = ANY(e.events) AND e.account_id IN (SELECT DISTINCT account_id FROM ${rows})),
     ${name}_ev AS (
       INSERT INTO webhook_events (account_id, type, payload)
       SELECT r.account_id, '${type}', ${payload} FROM ${rows} r
        WHERE r.account_id IN (SELECT account_id FROM ${name}_ep) ORDER BY ${orderBy}
       RETURNING id, account_id),
     ${name}_dl AS (
       INSERT INTO webhook_deliveries (event_id, endpoint_id)
       SELECT ev.id, ep.id FROM ${name}_ev ev JOIN ${name}_ep ep ON ep.account_id = ev.account_id ORDER BY ev.id)`;
}
