// Reading sender sessions: one by id, or an account's (or every) session with its health.
import type { Queryable } from '../db/database.js';
import type { SessionListRow, SessionRow } from './session-row.js';
import { describeHealth } from './state.js';

export async function getSession(q: Queryable, id: number): Promise<SessionRow | undefined> {
  return q.one<SessionRow>('SELECT * FROM sender_sessions WHERE id = $1', [id]);
}

export async function listSessions(q: Queryable, opts: { accountId?: number; includeRemoved?: boolean } = {}): Promise<SessionListRow[]> {
  const rows = await q.query<SessionRow & { lease_live: boolean }>(
    `SELECT *, (lease_until IS NOT NULL AND lease_until > now()) AS lease_live
       FROM sender_sessions
      WHERE ($1::int IS NULL OR account_id = $1) AND ($2::boolean OR status <> 'removed')
      ORDER BY id`,
    [opts.accountId ?? null, opts.includeRemoved ?? false],
  );
  return rows.map((r) => ({ ...r, health: describeHealth(r) }));
}
