// Inbound message ids already handled: a restart or a redelivery never re-runs a command.
import type { Queryable } from '../db/database.js';

/** True the first time (session, id) is seen; false for every repeat. */
export async function markInboundSeen(q: Queryable, sessionId: number, messageId: string): Promise<boolean> {
  const n = await q.exec(
    `INSERT INTO inbound_seen (session_id, wa_message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [sessionId, messageId],
  );
  return n === 1;
}

/**
 * The router's own idempotency: its mark lives in the same table under a "router:" prefix, so
 * a message replayed directly (console sandbox, CLI, tests) is never answered twice, and
 * retention purges both.
 */
export async function markHandledByRouter(q: Queryable, sessionId: number, messageId: string): Promise<boolean> {
  return markInboundSeen(q, sessionId, `router:${messageId.slice(0, 200)}`);
}
