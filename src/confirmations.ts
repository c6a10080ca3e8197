// Proposed side effects wait here for their code: bound to the member who asked,
// valid for five minutes, usable once.
import { randomInt } from 'node:crypto';
import type { Queryable } from './db/database.js';

export const CONFIRMATION_TTL_MS = 5 * 60 * 1000;

export async function proposeConfirmation(q: Queryable, memberId: number, commandId: string, args: Record<string, string>, now: Date): Promise<string> {
  // Only the newest proposal of a command counts: an older code for it stops working.
  await q.exec('DELETE FROM pending_confirmations WHERE member_id = $1 AND (command_id = $2 OR expires_at < $3)', [memberId, commandId, now]);
  for (;;) {
    const code = String(randomInt(100000, 1000000));
    const inserted = await q.exec(
      `INSERT INTO pending_confirmations (code, member_id, command_id, args, expires_at, created_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6) ON CONFLICT DO NOTHING`,
      [code, memberId, commandId, JSON.stringify(args), new Date(now.getTime() + CONFIRMATION_TTL_MS), now]);
    if (inserted) return code;
  }
}

export type Redeemed =
  | { ok: true; commandId: string; args: Record<string, string> }
  | { ok: false; reason: 'unknown' | 'expired' };

/** Consumes the code (whatever the outcome, a code is never usable twice). */
export async function redeemConfirmation(q: Queryable, memberId: number, code: string, now: Date): Promise<Redeemed> {
  const row = await q.one<{ command_id: string; args: Record<string, string>; expires_at: Date }>(
    'DELETE FROM pending_confirmations WHERE member_id = $1 AND code = $2 RETURNING command_id, args, expires_at', [memberId, code]);
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, commandId: row.command_id, args: row.args };
}
