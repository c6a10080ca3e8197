// Pausing a sender: by a person (owner by chat, admin in the console or CLI) or by the
// dispatcher after repeated errors or a rate-overlimit answer. All write the same column,
// from any process: the claim reads it before every batch, so the socket may live elsewhere
// (it stays up while paused, so commands still arrive).
import { audit, type Actor } from '../audit.js';
import { SYSTEM } from '../audit.js';
import type { Queryable } from '../db/database.js';
import { SenderAlreadyPausedError, SenderNotFoundError } from './errors.js';
import type { SessionRow } from './session-row.js';
import { recordEvent } from '../webhooks/events.js';

export interface SenderScope {
  /** Only a sender of this account (an owner's chat command). */
  accountId?: number;
}

export async function pauseSender(q: Queryable, sessionId: number, reason: string, actor: Actor, scope: SenderScope = {}): Promise<SessionRow> {
  const row = await q.one<SessionRow & { was_paused: string | null }>(
    `UPDATE sender_sessions s SET paused_reason = coalesce(s.paused_reason, $2)
       FROM (SELECT id, paused_reason AS was_paused FROM sender_sessions WHERE id = $1 FOR UPDATE) old
      WHERE s.id = old.id AND s.status <> 'removed' AND ($3::int IS NULL OR s.account_id = $3)
      RETURNING s.*, old.was_paused`,
    [sessionId, reason, scope.accountId ?? null],
  );
  if (!row) throw new SenderNotFoundError(sessionId);
  if (row.was_paused) throw new SenderAlreadyPausedError(sessionId, row.was_paused);
  await audit(q, actor, 'session.pause', row.account_id, { sessionId, reason });
  if (row.account_id !== null) await recordEvent(q, row.account_id, 'sender.paused', { sender_id: sessionId, phone: row.phone, reason, automatic: false });
  return row;
}

/**
 * The dispatcher's pause, inside the transaction that records the batch. A sender paused
 * already keeps its first reason. Returns true when this call paused it.
 */
export async function autoPauseSender(t: Queryable, sessionId: number, accountId: number, reason: string): Promise<boolean> {
  const paused = await t.one<{ phone: string | null }>(
    `UPDATE sender_sessions SET paused_reason = $2 WHERE id = $1 AND paused_reason IS NULL AND status <> 'removed' RETURNING phone`, [sessionId, reason]);
  if (paused) {
    await audit(t, SYSTEM, 'sender.auto_pause', accountId, { sessionId, reason });
    await recordEvent(t, accountId, 'sender.paused', { sender_id: sessionId, phone: paused.phone, reason, automatic: true });
  }
  return paused !== undefined;
}
