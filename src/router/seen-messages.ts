// The router's own idempotency: the gateway already dedupes inbound ids in inbound_seen, and
// the router keeps its mark in the same table under a "router:" prefix, so a message replayed
// directly (console sandbox, CLI, tests) is never answered twice, and retention purges both.
import type { Queryable } from '../db/database.js';

/** True the first time a message id is seen for this session. */
export async function markHandled(q: Queryable, sessionId: number, messageId: string): Promise<boolean> {
  const n = await q.exec(
    `INSERT INTO inbound_seen (session_id, wa_message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [sessionId, `router:${messageId.slice(0, 200)}`]);
  return n > 0;
}
