// Audit trail: every administrative action and every command that spent credits.
// Kept so a breach can be traced and users told within 72 hours.
import type { Queryable } from './db/database.js';

export interface Actor {
  type: 'admin' | 'member' | 'system';
  id?: number | null;
  label?: string | null;
  ip?: string | null;
}

export const SYSTEM: Actor = { type: 'system', label: 'system' };

export async function audit(q: Queryable, actor: Actor, action: string, accountId: number | null, details: Record<string, unknown> = {}): Promise<void> {
  await q.exec(
    `INSERT INTO audit_log (actor_type, actor_id, actor_label, account_id, action, details, ip)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
    [actor.type, actor.id ?? null, actor.label ?? null, accountId, action, JSON.stringify(details), actor.ip ?? null],
  );
}

export const AUDIT_PAGE_SIZE = 100;

/** The log newest first, filtered by account and action prefix, one page before an id; `more` when older rows exist. */
export async function listAuditLog(q: Queryable, filter: { accountId: number | null; action: string; beforeId: number | null }): Promise<{ rows: Array<Record<string, any> & { id: number }>; more: boolean }> {
  const rows = await q.query<{ id: number }>(
    `SELECT l.id, l.at, l.actor_type, l.actor_label, l.account_id, a.name AS account_name, l.action, l.details, l.ip
       FROM audit_log l LEFT JOIN accounts a ON a.id = l.account_id
      WHERE ($1::int IS NULL OR l.account_id = $1)
        AND ($2 = '' OR l.action LIKE $2 || '%')
        AND ($3::bigint IS NULL OR l.id < $3)
      ORDER BY l.id DESC LIMIT $4`,
    [filter.accountId, filter.action, filter.beforeId, AUDIT_PAGE_SIZE + 1]);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), more: rows.length > AUDIT_PAGE_SIZE };
}
