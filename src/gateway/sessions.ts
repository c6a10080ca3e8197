// Sender sessions as rows: one WhatsApp number (or sandbox sender) each. Plain DB functions
// the CLI, the console and the session manager share.
import { ConflictError, NotFoundError } from '../accounts.js';
import { audit, SYSTEM, type Actor } from '../audit.js';
import type { Db, Queryable } from '../db/database.js';

export type SessionStatus = 'new' | 'connecting' | 'open' | 'closed' | 'needs_relink' | 'logged_out' | 'paused' | 'replaced' | 'removed';
export type SessionTransport = 'whatsapp' | 'sandbox';
export type SessionPurpose = 'commands' | 'campaigns' | 'both';
export const TRANSPORTS: readonly SessionTransport[] = ['whatsapp', 'sandbox'];
export const PURPOSES: readonly SessionPurpose[] = ['commands', 'campaigns', 'both'];

export interface SessionRow {
  id: number;
  account_id: number | null;
  label: string | null;
  phone: string | null;
  lid: string | null;
  purpose: SessionPurpose;
  transport: SessionTransport;
  status: SessionStatus;
  status_reason: string | null;
  paused_reason: string | null;
  consecutive_errors: number;
  owner_id: string | null;
  lease_until: Date | null;
  linked_at: Date | null;
  last_seen_at: Date | null;
  created_at: Date;
}

export interface SessionListRow extends SessionRow {
  /** One line a person reads: "ok", "paused: …", "3 send errors", "not linked" … */
  health: string;
  lease_live: boolean;
}

export async function addSession(db: Db, input: {
  accountId?: number | null; transport: SessionTransport; purpose: SessionPurpose; label?: string | null;
}, actor: Actor = SYSTEM): Promise<SessionRow> {
  if (!TRANSPORTS.includes(input.transport)) throw new RangeError(`transport must be one of ${TRANSPORTS.join(', ')}, got "${input.transport}"`);
  if (!PURPOSES.includes(input.purpose)) throw new RangeError(`purpose must be one of ${PURPOSES.join(', ')}, got "${input.purpose}"`);
  const accountId = input.accountId ?? null;
  return db.tx(async (t) => {
    if (accountId !== null) {
      // Lock the account row so two concurrent adds cannot both pass the plan's sender limit.
      const acc = await t.one<{ senders_allowed: number; status: string }>(
        `SELECT p.senders_allowed, a.status FROM accounts a JOIN plans p ON p.id = a.plan_id WHERE a.id = $1 FOR UPDATE OF a`,
        [accountId],
      );
      if (!acc) throw new NotFoundError(`no account with id ${accountId}`);
      if (acc.status === 'erased') throw new ConflictError(`account ${accountId} is erased`);
      const used = await t.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM sender_sessions WHERE account_id = $1 AND status <> 'removed'`, [accountId]);
      if (used!.n >= acc.senders_allowed) {
        throw new ConflictError(`account ${accountId} already has ${used!.n} sender session(s); its plan allows ${acc.senders_allowed}`);
      }
    }
    const row = await t.one<SessionRow>(
      `INSERT INTO sender_sessions (account_id, transport, purpose, label, warmup)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      // Sandbox senders have no warm-up ladder (DESIGN.md §5).
      [accountId, input.transport, input.purpose, input.label ?? null, input.transport === 'whatsapp'],
    );
    await audit(t, actor, 'session.add', accountId, { sessionId: row!.id, transport: input.transport, purpose: input.purpose });
    return row!;
  });
}

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

export function describeHealth(r: SessionRow & { lease_live: boolean }): string {
  if (r.status === 'removed') return 'removed';
  if (r.status === 'new') return r.transport === 'whatsapp' ? 'not linked yet' : 'not started';
  if (r.status === 'needs_relink' || r.status === 'logged_out') return `link again: ${r.status_reason ?? r.status}`;
  if (r.status === 'replaced') return `stopped: ${r.status_reason ?? 'another device took over'}`;
  if (r.paused_reason) return `paused: ${r.paused_reason}`;
  if (!r.lease_live) return 'no process is driving it';
  if (r.consecutive_errors > 0) return `${r.consecutive_errors} send error(s) in a row`;
  if (r.status !== 'open') return `${r.status}${r.status_reason ? `: ${r.status_reason}` : ''}`;
  return 'ok';
}

/**
 * Marks the session removed and wipes its WhatsApp credentials; the owning process closes
 * its socket at its next heartbeat. History (sent messages, sandbox log) stays for retention.
 */
export async function removeSession(db: Db, id: number, actor: Actor = SYSTEM): Promise<void> {
  await db.tx(async (t) => {
    const row = await t.one<SessionRow>(`SELECT * FROM sender_sessions WHERE id = $1 FOR UPDATE`, [id]);
    if (!row || row.status === 'removed') throw new NotFoundError(`no sender session with id ${id}`);
    await t.exec(
      `UPDATE sender_sessions SET status = 'removed', status_reason = 'removed', owner_id = NULL, lease_until = NULL WHERE id = $1`, [id]);
    await wipeCredentials(t, id);
    await audit(t, actor, 'session.remove', row.account_id, { sessionId: id, phone: row.phone });
  });
}

export async function wipeCredentials(q: Queryable, sessionId: number): Promise<void> {
  await q.exec('DELETE FROM wa_keys WHERE session_id = $1', [sessionId]);
  await q.exec('DELETE FROM wa_creds WHERE session_id = $1', [sessionId]);
}
