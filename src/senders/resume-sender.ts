// Resuming a sender undoes any pause, whoever or whatever set it (person or auto-pause).
import { audit, type Actor } from '../audit.js';
import type { Queryable } from '../db/database.js';
import { SenderNotFoundError, SenderNotPausedError } from './errors.js';
import type { SenderScope } from './pause-sender.js';
import type { SessionRow } from './session-row.js';

export async function resumeSender(q: Queryable, sessionId: number, actor: Actor, scope: SenderScope = {}): Promise<SessionRow> {
  const row = await q.one<SessionRow & { was_paused: string | null }>(
    `UPDATE sender_sessions s SET paused_reason = NULL, consecutive_errors = 0
       FROM (SELECT id, paused_reason AS was_paused FROM sender_sessions WHERE id = $1 FOR UPDATE) old
      WHERE s.id = old.id AND s.status <> 'removed' AND ($2::int IS NULL OR s.account_id = $2)
      RETURNING s.*, old.was_paused`,
    [sessionId, scope.accountId ?? null],
  );
  if (!row) throw new SenderNotFoundError(sessionId);
  if (!row.was_paused) throw new SenderNotPausedError(sessionId);
  await audit(q, actor, 'session.resume', row.account_id, { sessionId, reason: row.was_paused });
  return row;
}
