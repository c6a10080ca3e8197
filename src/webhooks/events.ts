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
