// Payments recorded by an admin (JazzCash, Easypaisa, bank, cash): they top up credits, pay an
// invoice, or both. Paying the invoice that suspended an account reactivates it.
import { NotFoundError, reactivateAccount } from '../accounts.js';
import { audit, type Actor } from '../audit.js';
import type { Ctx } from '../context.js';
import { topUp } from '../credits.js';
import { addPeriod, type InvoiceRow } from './subscriptions.js';

export type PaymentMethod = 'jazzcash' | 'easypaisa' | 'bank' | 'cash' | 'other';
export const PAYMENT_METHODS: readonly PaymentMethod[] = ['jazzcash', 'easypaisa', 'bank', 'cash', 'other'];
/** Prefix of suspended_reason for unpaid invoices: only those are lifted by a payment. */
export const UNPAID_REASON = 'unpaid invoice';

export interface PaymentInput {
  accountId: number; amountMinor: number; method: PaymentMethod; reference: string;
  credits?: number; invoiceId?: number; adminId?: number | null;
}

export interface PaymentResult { paymentId: number; invoicePaid?: number; creditsAdded: number; reactivated: boolean }

export async function recordPayment(ctx: Ctx, input: PaymentInput, actor: Actor): Promise<PaymentResult> {
  const credits = input.credits ?? 0;
  const reference = input.reference?.trim();
  if (!PAYMENT_METHODS.includes(input.method)) throw new RangeError(`method must be one of ${PAYMENT_METHODS.join(', ')}, got "${input.method}"`);
  if (!reference) throw new RangeError('a payment needs a reference (transaction id, receipt number)');
  if (!Number.isInteger(input.amountMinor) || input.amountMinor < 0) throw new RangeError(`amount must be a whole number ≥ 0, got ${input.amountMinor}`);
  if (!Number.isInteger(credits) || credits < 0) throw new RangeError(`credits must be a whole number ≥ 0, got ${credits}`);
  if (!credits && input.invoiceId === undefined) throw new RangeError('a payment either adds credits or pays an invoice');
  const now = ctx.clock.now();

  return ctx.db.tx(async (t) => {
    const acc = await t.one<{ status: string; suspended_reason: string | null }>(
      'SELECT status, suspended_reason FROM accounts WHERE id = $1 FOR UPDATE', [input.accountId]);
    if (!acc) throw new NotFoundError(`no account ${input.accountId}`);
    let invoice: InvoiceRow | undefined;
    if (input.invoiceId !== undefined) {
      invoice = await t.one<InvoiceRow>('SELECT * FROM invoices WHERE id = $1 AND account_id = $2 FOR UPDATE', [input.invoiceId, input.accountId]);
      if (!invoice) throw new NotFoundError(`account ${input.accountId} has no invoice ${input.invoiceId}`);
      if (invoice.status !== 'open') throw new RangeError(`invoice ${invoice.id} is ${invoice.status}, not open`);
      if (input.amountMinor < invoice.amount_minor) {
        throw new RangeError(`payment of ${input.amountMinor} is less than invoice ${invoice.id}'s ${invoice.amount_minor} ${invoice.currency}`);
      }
    }
    const payment = await t.one<{ id: number }>(
      `INSERT INTO payments (account_id, invoice_id, amount_minor, credits, method, reference, recorded_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [input.accountId, invoice?.id ?? null, input.amountMinor, credits, input.method, reference, input.adminId ?? null, now]);
    if (credits) await topUp(t, input.accountId, credits, `payment ${payment!.id} (${input.method} ${reference})`, actor.label ?? actor.type);
    if (invoice) {
      await t.exec(`UPDATE invoices SET status = 'paid', paid_at = $2 WHERE id = $1`, [invoice.id, now]);
      if (invoice.subscription_id !== null && invoice.period_start && invoice.period_end) {
        // Paying the next period's invoice moves the subscription on to that period.
        await t.exec(
          `UPDATE subscriptions SET status = 'active',
                  current_period_start = CASE WHEN $2 >= current_period_end THEN $2 ELSE current_period_start END,
                  current_period_end = CASE WHEN $2 >= current_period_end THEN $3 ELSE current_period_end END
            WHERE id = $1`,
          [invoice.subscription_id, invoice.period_start, invoice.period_end ?? addPeriod(invoice.period_start, 'monthly')]);
      }
    }
    let reactivated = false;
    if (acc.status === 'suspended' && acc.suspended_reason?.startsWith(UNPAID_REASON)) {
      const stillOverdue = await t.one(
        `SELECT 1 FROM invoices WHERE account_id = $1 AND status = 'open' AND due_at + make_interval(days => $2) < $3`,
        [input.accountId, ctx.config.graceDays, now]);
      if (!stillOverdue) {
        await reactivateAccount(t, input.accountId, actor);
        reactivated = true;
      }
    }
    await audit(t, actor, 'payment.record', input.accountId, {
      paymentId: payment!.id, amountMinor: input.amountMinor, method: input.method, reference, credits, invoiceId: invoice?.id ?? null, reactivated,
    });
    return { paymentId: payment!.id, invoicePaid: invoice?.id, creditsAdded: credits, reactivated };
  });
}
