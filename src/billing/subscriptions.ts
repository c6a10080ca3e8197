// Subscriptions are billed in advance: an invoice for a period is due when the period starts.
// The next period's invoice is issued INVOICE_AHEAD_DAYS before it starts, so reminders
// can go out 7, 3 and 1 days ahead.
import { NotFoundError } from '../accounts.js';
import { audit, type Actor } from '../audit.js';
import type { Clock } from '../clock.js';
import type { Db, Queryable } from '../db/database.js';
import { getPlan, type Period } from './plans.js';

export const INVOICE_AHEAD_DAYS = 7;
const MONTHS: Record<Period, number> = { monthly: 1, quarterly: 3, yearly: 12 };

export function addPeriod(start: Date, period: Period): Date {
  const d = new Date(start);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + MONTHS[period]);
  // 31 January + 1 month = 28/29 February, not 3 March.
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export interface SubscriptionRow {
  id: number; account_id: number; plan_id: number; status: 'active' | 'past_due' | 'cancelled'; period: Period;
  current_period_start: Date; current_period_end: Date;
}
export interface InvoiceRow {
  id: number; account_id: number; subscription_id: number | null; amount_minor: number; currency: string;
  period_start: Date | null; period_end: Date | null; due_at: Date; status: 'open' | 'paid' | 'void'; paid_at: Date | null;
}

/** Puts an account on a plan from `start`; issues the first period's invoice (due at start). */
export async function subscribe(db: Db, clock: Clock, input: { accountId: number; planId: number; start?: Date }, actor: Actor): Promise<{ subscription: SubscriptionRow; invoice: InvoiceRow }> {
  return db.tx(async (t) => {
    const plan = await getPlan(t, input.planId);
    if (!plan) throw new NotFoundError(`no plan ${input.planId}`);
    const acc = await t.one('SELECT id FROM accounts WHERE id = $1 FOR UPDATE', [input.accountId]);
    if (!acc) throw new NotFoundError(`no account ${input.accountId}`);
    const start = input.start ?? clock.now();
    const end = addPeriod(start, plan.period);
    await t.exec(`UPDATE subscriptions SET status = 'cancelled' WHERE account_id = $1 AND status <> 'cancelled'`, [input.accountId]);
    await t.exec('UPDATE accounts SET plan_id = $2, updated_at = now() WHERE id = $1', [input.accountId, plan.id]);
    const subscription = (await t.one<SubscriptionRow>(
      `INSERT INTO subscriptions (account_id, plan_id, period, current_period_start, current_period_end)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`, [input.accountId, plan.id, plan.period, start, end]))!;
    const invoice = await issueInvoice(t, subscription, plan.price_minor, plan.currency, start, end);
    await audit(t, actor, 'subscription.create', input.accountId, { plan: plan.name, period: plan.period, invoiceId: invoice.id });
    return { subscription, invoice };
  });
}

async function issueInvoice(q: Queryable, sub: SubscriptionRow, amount: number, currency: string, start: Date, end: Date): Promise<InvoiceRow> {
  return (await q.one<InvoiceRow>(
    `INSERT INTO invoices (account_id, subscription_id, amount_minor, currency, period_start, period_end, due_at)
     VALUES ($1, $2, $3, $4, $5, $6, $5) RETURNING *`, [sub.account_id, sub.id, amount, currency, start, end]))!;
}

/** Next-period invoices for subscriptions whose period ends within INVOICE_AHEAD_DAYS. */
export async function issueRenewalInvoices(db: Db, clock: Clock): Promise<number> {
  const horizon = new Date(clock.now().getTime() + INVOICE_AHEAD_DAYS * 86_400_000);
  const due = await db.query<SubscriptionRow & { price_minor: number; currency: string }>(
    `SELECT s.*, p.price_minor, p.currency FROM subscriptions s JOIN plans p ON p.id = s.plan_id
      WHERE s.status <> 'cancelled' AND s.current_period_end <= $1
        AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.subscription_id = s.id AND i.period_start = s.current_period_end)`,
    [horizon]);
  let issued = 0;
  for (const s of due) {
    issued += await db.tx(async (t) => {
      // Two processes running this job at once must not both invoice the same period.
      await t.query('SELECT pg_advisory_xact_lock(6002, $1)', [s.id]);
      const exists = await t.one('SELECT 1 FROM invoices WHERE subscription_id = $1 AND period_start = $2', [s.id, s.current_period_end]);
      if (exists) return 0;
      await issueInvoice(t, s, s.price_minor, s.currency, s.current_period_end, addPeriod(s.current_period_end, s.period));
      return 1;
    });
  }
  return issued;
}

/** Unpaid invoices, the earliest due first. */
export async function listOpenInvoices(q: Queryable, accountId: number): Promise<InvoiceRow[]> {
  return q.query<InvoiceRow>(`SELECT * FROM invoices WHERE account_id = $1 AND status = 'open' ORDER BY due_at`, [accountId]);
}

/** What the owner pays next: the earliest open invoice, else the end of the current subscription period. */
export async function nextBill(q: Queryable, accountId: number): Promise<{ invoice?: InvoiceRow; periodEnd?: Date }> {
  const [invoice] = await listOpenInvoices(q, accountId);
  if (invoice) return { invoice };
  const sub = await q.one<{ current_period_end: Date }>(
    `SELECT current_period_end FROM subscriptions WHERE account_id = $1 AND status <> 'cancelled' ORDER BY current_period_end DESC LIMIT 1`, [accountId]);
  return { periodEnd: sub?.current_period_end };
}
