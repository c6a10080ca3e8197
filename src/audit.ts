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
