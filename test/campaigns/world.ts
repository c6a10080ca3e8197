// Shared set-up for the contacts, campaigns and credits tests: a Ctx over the test database,
// accounts with credits, sender sessions, and large lists made in SQL.
import { createAccount } from '../../src/accounts.js';
import { SYSTEM } from '../../src/audit.js';
import { systemClock, type Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import type { Db } from '../../src/db/database.js';
import { silentLog } from '../helpers/pg.js';

export function makeCtx(db: Db, env: NodeJS.ProcessEnv = {}, clock: Clock = systemClock): Ctx {
  return { config: loadConfig({ PACING_MS: '8000,30000', ...env }), db, log: silentLog, clock };
}

let phoneSeq = 0;
/** A fresh owner phone per account: +92 301 0000000 + n. */
function nextOwnerPhone(): string {
  return `+92301${String(1_000_000 + process.pid % 1000 * 1000 + phoneSeq++).padStart(7, '0')}`;
}

export async function makeAccount(ctx: Ctx, opts: { credits?: number; minCampaignSize?: number; name?: string } = {}): Promise<{ accountId: number; ownerId: number }> {
  let planName = 'default';
  if (opts.minCampaignSize !== undefined) {
    planName = `min-${opts.minCampaignSize}`;
    await ctx.db.exec('INSERT INTO plans (name, min_campaign_size) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [planName, opts.minCampaignSize]);
  }
  const { account, owner } = await createAccount(ctx.db, {
    name: opts.name ?? 'Shop', ownerPhone: nextOwnerPhone(), credits: opts.credits, planName,
  }, SYSTEM);
  return { accountId: account.id, ownerId: owner.id };
}

/** An open sandbox sender for the account's campaigns. */
export async function addSender(ctx: Ctx, accountId: number, status = 'open'): Promise<number> {
  const row = await ctx.db.one<{ id: number }>(
    `INSERT INTO sender_sessions (account_id, label, purpose, transport, status, pacing_min_ms, pacing_max_ms)
     VALUES ($1, 'test', 'campaigns', 'sandbox', $2, 10000, 20000) RETURNING id`, [accountId, status]);
  return row!.id;
}

/** n contacts +923000000000… on a list, written in SQL (fast for large n). */
export async function fillList(ctx: Ctx, listId: number, n: number, start = 0): Promise<void> {
  await ctx.db.exec(
    `INSERT INTO contacts (list_id, phone, name, variables)
     SELECT $1, '+9230' || lpad((i)::text, 8, '0'), CASE WHEN i % 2 = 0 THEN 'Name ' || i END, jsonb_build_object('city', 'City ' || (i % 7))
       FROM generate_series($2::int, $2::int + $3::int - 1) AS i`, [listId, start, n]);
}
