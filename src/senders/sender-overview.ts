// Senders with their state and today's pacing, for the console, the CLI and `senders` by
// chat. An owner refers to a sender by its number in this list (1, 2, …: by age), which
// stays put while the account's senders do not change.
import type { Ctx } from '../context.js';
import type { WarmupStep } from '../dispatch/pacing.js';
import { SenderNumberNotFoundError } from './errors.js';
import { listSessions } from './list-senders.js';
import { readPacingInputs } from './pacing-inputs.js';
import type { SessionListRow } from './session-row.js';
import { senderState, type SenderState } from './state.js';
import type { Queryable } from '../db/database.js';

export interface SenderOverview extends SessionListRow {
  /** 1, 2, … within its account (what `pause sender N` takes); 0 for the platform's own numbers. */
  number: number;
  state: SenderState;
  sentToday: number;
  /** null: no per-sender limit. */
  capToday: number | null;
  warmup: WarmupStep | null;
}

export async function senderOverview(ctx: Ctx, opts: { accountId?: number } = {}): Promise<SenderOverview[]> {
  const rows = await listSessions(ctx.db, { accountId: opts.accountId });
  const pacing = new Map((await readPacingInputs(ctx.db, ctx.config, ctx.clock.now(), { sessionIds: rows.map((r) => r.id) }))
    .map((p) => [p.sessionId, p]));
  const seen = new Map<number, number>();
  return rows.map((r) => {
    const p = pacing.get(r.id);
    const number = r.account_id === null ? 0 : (seen.get(r.account_id) ?? 0) + 1;
    if (r.account_id !== null) seen.set(r.account_id, number);
    return {
      ...r, number, state: senderState(r),
      sentToday: p?.sentToday ?? 0, capToday: p?.capToday ?? null, warmup: p?.warmupStep ?? null,
    };
  });
}

/** The session id of the account's sender number `n` (as `senders` shows it). */
export async function senderIdByNumber(q: Queryable, accountId: number, n: number): Promise<number> {
  const row = await q.one<{ id: number }>(
    `SELECT id FROM sender_sessions WHERE account_id = $1 AND status <> 'removed' ORDER BY id OFFSET $2 LIMIT 1`,
    [accountId, Math.max(0, n - 1)]);
  if (!row || n < 1) throw new SenderNumberNotFoundError(n);
  return row.id;
}

/** The number an owner knows a sender by (for notices such as an auto-pause). */
export async function senderNumberOf(q: Queryable, sessionId: number): Promise<number | undefined> {
  const row = await q.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM sender_sessions o JOIN sender_sessions s ON s.account_id = o.account_id
      WHERE s.id = $1 AND o.status <> 'removed' AND o.id <= s.id`, [sessionId]);
  return row?.n || undefined;
}
