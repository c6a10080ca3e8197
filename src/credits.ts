// The credit ledger: append-only, balance = sum of entries, never negative.
// "available" can be spent; "reserved" is held for a running campaign until each message
// is sent (debit) or not (release). Every change that lowers "available" takes the account's
// row lock first, so concurrent launches and top-ups cannot overdraw. Dispatch settles a
// batch's reserved credits without it (src/dispatch/outcomes.ts): each row's credit leaves
// "reserved" once, by the statement that moves the row, so "reserved" cannot go negative.
import { AppError } from './app-error.js';
import type { Db, Queryable } from './db/database.js';

export class InsufficientCreditsError extends AppError {
  override name = 'InsufficientCreditsError';
  constructor(readonly needed: number, readonly available: number) {
    super('credits.insufficient', { needed, available });
  }
}

export class LedgerInvariantError extends Error {
  override name = 'LedgerInvariantError';
}

export interface Balance {
  available: number;
  reserved: number;
}

type Kind = 'topup' | 'reserve' | 'debit' | 'release' | 'refund' | 'adjustment';

export async function getBalance(q: Queryable, accountId: number): Promise<Balance> {
  const row = await q.one<Balance>(
    `SELECT coalesce(sum(available_delta), 0)::int AS available, coalesce(sum(reserved_delta), 0)::int AS reserved
       FROM credit_ledger WHERE account_id = $1`,
    [accountId],
  );
  return row ?? { available: 0, reserved: 0 };
}

/** Serialises balance-lowering changes of one account (row lock on accounts). */
export async function lockAccount(q: Queryable, accountId: number): Promise<void> {
  const row = await q.one('SELECT id FROM accounts WHERE id = $1 FOR UPDATE', [accountId]);
  if (!row) throw new Error(`account ${accountId} does not exist`);
}

async function append(q: Queryable, accountId: number, kind: Kind, available: number, reserved: number,
  extra: { campaignId?: number | null; reference?: string | null; actor?: string | null } = {}): Promise<void> {
  await q.exec(
    `INSERT INTO credit_ledger (account_id, kind, available_delta, reserved_delta, campaign_id, reference, actor)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [accountId, kind, available, reserved, extra.campaignId ?? null, extra.reference ?? null, extra.actor ?? null],
  );
}

function positive(n: number, what: string): void {
  if (!Number.isInteger(n) || n <= 0) throw new RangeError(`${what} must be a positive whole number, got ${n}`);
}

function inTx<T>(q: Db | Queryable, fn: (t: Queryable) => Promise<T>): Promise<T> {
  // Already inside a transaction: run there; else open one.
  return q.transaction || !('tx' in q) ? fn(q) : (q as Db).tx(fn);
}

export async function topUp(q: Db | Queryable, accountId: number, credits: number, reference: string, actor?: string): Promise<Balance> {
  positive(credits, 'credits');
  return inTx(q, async (t) => {
    await lockAccount(t, accountId);
    await append(t, accountId, 'topup', credits, 0, { reference, actor });
    return getBalance(t, accountId);
  });
}

/** Holds credits for a campaign; throws InsufficientCreditsError rather than overdraw. */
export async function reserve(q: Db | Queryable, accountId: number, credits: number, campaignId: number, actor?: string): Promise<Balance> {
  positive(credits, 'credits');
  return inTx(q, async (t) => {
    await lockAccount(t, accountId);
    const bal = await getBalance(t, accountId);
    if (bal.available < credits) throw new InsufficientCreditsError(credits, bal.available);
    await append(t, accountId, 'reserve', -credits, credits, { campaignId, actor });
    return { available: bal.available - credits, reserved: bal.reserved + credits };
  });
}

/** Reserved credits spent on messages that were sent. */
export async function debit(q: Db | Queryable, accountId: number, credits: number, campaignId: number, reference?: string): Promise<void> {
  if (credits === 0) return;
  positive(credits, 'credits');
  await inTx(q, async (t) => {
    await lockAccount(t, accountId);
    const bal = await getBalance(t, accountId);
    if (bal.reserved < credits) throw new LedgerInvariantError(`debit of ${credits} exceeds reserved ${bal.reserved} (account ${accountId})`);
    await append(t, accountId, 'debit', 0, -credits, { campaignId, reference });
  });
}

/** Reserved credits returned because their messages were not (or may not have been) sent. */
export async function release(q: Db | Queryable, accountId: number, credits: number, campaignId: number, reference?: string): Promise<void> {
  if (credits === 0) return;
  positive(credits, 'credits');
  await inTx(q, async (t) => {
    await lockAccount(t, accountId);
    const bal = await getBalance(t, accountId);
    if (bal.reserved < credits) throw new LedgerInvariantError(`release of ${credits} exceeds reserved ${bal.reserved} (account ${accountId})`);
    await append(t, accountId, 'release', credits, -credits, { campaignId, reference });
  });
}

/** Credits given back after they were spent (e.g. an admin refund). */
export async function refund(q: Db | Queryable, accountId: number, credits: number, reference: string, actor?: string, campaignId?: number): Promise<void> {
  positive(credits, 'credits');
  await inTx(q, async (t) => {
    await lockAccount(t, accountId);
    await append(t, accountId, 'refund', credits, 0, { reference, actor, campaignId });
  });
}

/** Checks the ledger's invariants for every account; returns the accounts that break them. */
export async function findLedgerViolations(q: Queryable): Promise<Array<{ accountId: number } & Balance>> {
  return q.query(
    `SELECT account_id AS "accountId", sum(available_delta)::int AS available, sum(reserved_delta)::int AS reserved
       FROM credit_ledger GROUP BY account_id
      HAVING sum(available_delta) < 0 OR sum(reserved_delta) < 0`,
  );
}
