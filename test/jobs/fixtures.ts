// Test fixtures for issue 6: an account with credits, sender sessions, and a running
// campaign whose outbox rows are materialised the way launch does it (queued, reserved).
import { SYSTEM } from '../../src/audit.js';
import { createAccount } from '../../src/accounts.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import type { Clock } from '../../src/clock.js';
import { reserve } from '../../src/credits.js';
import type { Db } from '../../src/db/database.js';
import { silentLog } from '../helpers/pg.js';

let seq = 0;

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ SANDBOX_PACING_MS: '0', LOG_LEVEL: 'silent', ...env });
}

export function testCtx(db: Db, clock: Clock, env: Record<string, string> = {}): Ctx {
  return { db, clock, config: testConfig(env), log: silentLog };
}

export async function makeAccount(db: Db, opts: { credits?: number; plan?: Record<string, unknown> } = {}): Promise<{ accountId: number; ownerPhone: string }> {
  seq++;
  const ownerPhone = `+92300${String(process.pid % 1000).padStart(3, '0')}${String(seq).padStart(4, '0')}`;
  const planName = `p${process.pid}_${seq}_${Date.now().toString(36)}`;
  const cols = { daily_limit: 100000, senders_allowed: 100, ...opts.plan };
  const keys = Object.keys(cols);
  await db.exec(`INSERT INTO plans (name, ${keys.join(', ')}) VALUES ($1, ${keys.map((_, i) => `$${i + 2}`).join(', ')})`,
    [planName, ...keys.map((k) => (cols as Record<string, unknown>)[k])]);
  const { account } = await createAccount(db, { name: `acc ${seq}`, ownerPhone, planName, credits: opts.credits ?? 100000 }, SYSTEM);
  return { accountId: account.id, ownerPhone };
}

export async function makeSender(db: Db, accountId: number, opts: { transport?: 'sandbox' | 'whatsapp'; ownerId?: string; extra?: Record<string, unknown> } = {}): Promise<number> {
  const cols: Record<string, unknown> = { status: 'open', purpose: 'campaigns', warmup: opts.transport === 'whatsapp', ...opts.extra };
  const keys = Object.keys(cols);
  const row = await db.one<{ id: number }>(
    `INSERT INTO sender_sessions (account_id, transport, owner_id, lease_until, next_send_at, ${keys.join(', ')})
     VALUES ($1, $2, $3, now() + interval '1 hour', '2000-01-01', ${keys.map((_, i) => `$${i + 4}`).join(', ')}) RETURNING id`,
    [accountId, opts.transport ?? 'sandbox', opts.ownerId ?? null, ...keys.map((k) => cols[k])]);
  return row!.id;
}

/** A running campaign with `count` queued recipients and their credits reserved. */
export async function makeCampaign(db: Db, accountId: number, count: number, opts: { phonePrefix?: string } = {}): Promise<number> {
  seq++;
  const c = await db.one<{ id: number }>(
    `INSERT INTO campaigns (account_id, name, body, status, launched_at, recipients, credits_reserved)
     VALUES ($1, $2, 'Hello {{name}}', 'running', now(), $3, $3) RETURNING id`, [accountId, `camp ${seq}`, count]);
  const prefix = opts.phonePrefix ?? `+9231${String(seq % 100).padStart(2, '0')}`;
  await db.exec(
    `INSERT INTO outbox (campaign_id, account_id, phone, name, body)
     SELECT $1, $2, $3 || lpad(g::text, 7, '0'), 'N' || g, 'Hello N' || g FROM generate_series(1, $4) g`,
    [c!.id, accountId, prefix, count]);
  await reserve(db, accountId, count, c!.id);
  return c!.id;
}

export async function statusCounts(db: Db, campaignId: number): Promise<Record<string, number>> {
  const rows = await db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM outbox WHERE campaign_id = $1 GROUP BY status', [campaignId]);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Ledger sums of one account, and what the outbox says they should be. */
export async function ledgerCheck(db: Db, accountId: number): Promise<{ reserved: number; debited: number; debitedRows: number; inFlight: number }> {
  const l = await db.one<{ reserved: number; debited: number }>(
    `SELECT coalesce(sum(reserved_delta), 0)::int AS reserved, coalesce(-sum(reserved_delta) FILTER (WHERE kind = 'debit'), 0)::int AS debited
       FROM credit_ledger WHERE account_id = $1`, [accountId]);
  const o = await db.one<{ debited: number; reserved: number }>(
    `SELECT count(*) FILTER (WHERE credit_state = 'debited')::int AS debited, count(*) FILTER (WHERE credit_state = 'reserved')::int AS reserved
       FROM outbox WHERE account_id = $1`, [accountId]);
  return { reserved: l!.reserved, debited: l!.debited, debitedRows: o!.debited, inFlight: o!.reserved };
}
