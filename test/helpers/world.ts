// The one place tests build their world: a Ctx over the test database, accounts (with their
// own plan when a test needs other limits), sender sessions and large lists.
import { createAccount } from '../../src/accounts.js';
import { SYSTEM } from '../../src/audit.js';
import { systemClock, type Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import type { Db } from '../../src/db/database.js';
import type { Lang } from '../../src/i18n/lang.js';
import { recordTermsAcceptance } from '../../src/terms.js';
import { silentLog } from './pg.js';

/** A Ctx on the test database; `env` is what the process environment would say. */
export function testCtx(db: Db, env: NodeJS.ProcessEnv = {}, clock: Clock = systemClock): Ctx {
  return { config: loadConfig({ LOG_LEVEL: 'silent', ...env }), db, log: silentLog, clock };
}

let phoneSeq = 1_000_000;
/** A fresh Pakistani mobile number, unique in this test process. */
export function nextPhone(): string {
  return `+92300${String(phoneSeq++).padStart(7, '0')}`;
}

let planSeq = 0;

export interface AccountOptions {
  credits?: number;
  /** Columns of a plan made for this account alone (e.g. `{ min_campaign_size: 1 }`); else the default plan. */
  plan?: Record<string, unknown>;
  name?: string;
  phone?: string;
  language?: Lang;
  /** The owner accepts the current terms (as the router requires before most commands). */
  acceptTerms?: boolean;
}

export async function makeAccount(db: Db, opts: AccountOptions = {}): Promise<{ accountId: number; ownerId: number; ownerPhone: string }> {
  let planName: string | undefined;
  if (opts.plan) {
    planName = `test plan ${process.pid}-${++planSeq}`;
    const keys = Object.keys(opts.plan);
    await db.exec(`INSERT INTO plans (name${keys.map((k) => `, ${k}`).join('')}) VALUES ($1${keys.map((_, i) => `, $${i + 2}`).join('')})`,
      [planName, ...keys.map((k) => opts.plan![k])]);
  }
  const ownerPhone = opts.phone ?? nextPhone();
  const { account, owner } = await createAccount(db, {
    name: opts.name ?? `acc ${ownerPhone}`, ownerPhone, credits: opts.credits, planName, language: opts.language,
  }, SYSTEM);
  if (opts.acceptTerms) await recordTermsAcceptance(db, { accountId: account.id, memberId: owner.id, phone: ownerPhone });
  return { accountId: account.id, ownerId: owner.id, ownerPhone };
}

/** A sender session of the account, open and due now unless `extra` says otherwise; `pacingMs` its own delay range. */
export async function makeSender(db: Db, accountId: number, opts: {
  transport?: 'sandbox' | 'whatsapp'; ownerId?: string; status?: string; pacingMs?: [number, number]; extra?: Record<string, unknown>;
} = {}): Promise<number> {
  const pacing = opts.pacingMs ? { pacing_min_ms: opts.pacingMs[0], pacing_max_ms: opts.pacingMs[1] } : {};
  const cols: Record<string, unknown> = { status: opts.status ?? 'open', purpose: 'campaigns', warmup: opts.transport === 'whatsapp', ...pacing, ...opts.extra };
  const keys = Object.keys(cols);
  const row = await db.one<{ id: number }>(
    `INSERT INTO sender_sessions (account_id, transport, owner_id, lease_until, next_send_at, ${keys.join(', ')})
     VALUES ($1, $2, $3, now() + interval '1 hour', '2000-01-01', ${keys.map((_, i) => `$${i + 4}`).join(', ')}) RETURNING id`,
    [accountId, opts.transport ?? 'sandbox', opts.ownerId ?? null, ...keys.map((k) => cols[k])]);
  return row!.id;
}

/** n contacts +923000000000… on a list, written in SQL (fast for large n). */
export async function fillList(db: Db, listId: number, n: number, start = 0): Promise<void> {
  await db.exec(
    `INSERT INTO contacts (list_id, phone, name, variables)
     SELECT $1, '+9230' || lpad((i)::text, 8, '0'), CASE WHEN i % 2 = 0 THEN 'Name ' || i END, jsonb_build_object('city', 'City ' || (i % 7))
       FROM generate_series($2::int, $2::int + $3::int - 1) AS i`, [listId, start, n]);
}
