// Dispatch fixtures (issue 6): the jobs' defaults over test/helpers/world.ts, and a running
// campaign whose outbox rows are materialised the way launch does it (queued, reserved).
import { loadConfig, type Config } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import type { Clock } from '../../src/clock.js';
import { reserve } from '../../src/credits.js';
import type { Db } from '../../src/db/database.js';
import { makeAccount as makeWorldAccount, makeSender, testCtx as worldCtx } from '../helpers/world.js';

let seq = 0;

export { makeSender };

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ SANDBOX_PACING_MS: '0', LOG_LEVEL: 'silent', ...env });
}

export function testCtx(db: Db, clock: Clock, env: Record<string, string> = {}): Ctx {
  return worldCtx(db, { SANDBOX_PACING_MS: '0', ...env }, clock);
}

/** An account on its own plan with room for the dispatch tests (100,000 a day, 100 senders) and 100,000 credits. */
export async function makeAccount(db: Db, opts: { credits?: number; plan?: Record<string, unknown> } = {}): Promise<{ accountId: number; ownerPhone: string }> {
  return makeWorldAccount(db, { credits: opts.credits ?? 100000, plan: { daily_limit: 100000, senders_allowed: 100, ...opts.plan } });
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
