import { expect } from 'chai';
import { SYSTEM } from '../../src/audit.js';
import { createPlan } from '../../src/billing/plans.js';
import { recordPayment } from '../../src/billing/payments.js';
import { runBillingReminders } from '../../src/billing/reminders.js';
import { addPeriod, subscribe } from '../../src/billing/subscriptions.js';
import { FakeClock } from '../../src/clock.js';
import { getBalance } from '../../src/credits.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeCampaign, testCtx } from './fixtures.js';

async function failure(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (e) { return (e as Error).message; }
  throw new Error('expected a rejection');
}

describe('billing: plans, invoices, reminders, suspension', () => {
  const t = useTestDb();

  it('adds periods by calendar month, clamping to the month end', () => {
    expect(addPeriod(new Date('2026-01-31T00:00:00Z'), 'monthly').toISOString()).to.equal('2026-02-28T00:00:00.000Z');
    expect(addPeriod(new Date('2026-01-15T00:00:00Z'), 'quarterly').toISOString()).to.equal('2026-04-15T00:00:00.000Z');
    expect(addPeriod(new Date('2028-02-29T00:00:00Z'), 'yearly').toISOString()).to.equal('2029-02-28T00:00:00.000Z');
  });

  it('reminds 7, 3, 1 days ahead and on the day, once each; suspends after the grace period; payment reactivates', async () => {
    const clock = new FakeClock(new Date('2026-05-01T06:00:00Z'));
    const ctx = testCtx(t.db, clock, { GRACE_DAYS: '3' });
    const plan = await createPlan(t.db, { name: 'silver', priceMinor: 500000, period: 'monthly', dailyLimit: 5000 }, SYSTEM);
    const { accountId, ownerPhone } = await makeAccount(t.db);
    const cid = await makeCampaign(t.db, accountId, 3);
    const { invoice } = await subscribe(t.db, clock, { accountId, planId: plan.id, start: new Date('2026-05-10T00:00:00Z') }, SYSTEM);
    const sent: Array<[string, string]> = [];
    const wa = async (to: string, text: string) => { sent.push([to, text]); };

    const daysSeen: string[] = [];
    for (let day = 0; day < 14; day++) {
      await runBillingReminders(ctx, wa);
      await runBillingReminders(ctx, wa); // a second run the same day sends nothing new
      daysSeen.push(String(sent.length));
      clock.advance(86_400_000);
    }
    const reminders = sent.filter(([, text]) => text.startsWith(`Invoice #${invoice.id}`));
    expect(reminders.map(([, x]) => x.match(/due (in \d+ days|tomorrow|today)/)![0])).to.deep.equal(['due in 7 days', 'due in 3 days', 'due tomorrow', 'due today']);
    expect(reminders.every(([to]) => to === ownerPhone)).to.equal(true);
    const acc = await t.db.one('SELECT status, suspended_reason FROM accounts WHERE id = $1', [accountId]);
    expect(acc!.status).to.equal('suspended');
    expect(acc!.suspended_reason).to.match(/^unpaid invoice/);
    expect((await t.db.one('SELECT status FROM campaigns WHERE id = $1', [cid]))!.status).to.equal('paused');
    expect(sent.filter(([, x]) => x.startsWith('Your account is suspended'))).to.have.length(1);

    expect(await failure(recordPayment(ctx, { accountId, amountMinor: 100, method: 'jazzcash', reference: 'TX1', invoiceId: invoice.id }, SYSTEM))).to.match(/less than invoice/);
    const before = await getBalance(t.db, accountId);
    const paid = await recordPayment(ctx, { accountId, amountMinor: 500000, method: 'jazzcash', reference: 'TX2', invoiceId: invoice.id, credits: 200 }, SYSTEM);
    expect(paid).to.include({ reactivated: true, creditsAdded: 200, invoicePaid: invoice.id });
    expect((await getBalance(t.db, accountId)).available).to.equal(before.available + 200);
    expect((await t.db.one('SELECT status FROM accounts WHERE id = $1', [accountId]))!.status).to.equal('active');
    expect((await t.db.one('SELECT status FROM invoices WHERE id = $1', [invoice.id]))!.status).to.equal('paid');
  });

  it('issues the next period invoice a week ahead, once, even when run twice', async () => {
    const clock = new FakeClock(new Date('2026-07-01T00:00:00Z'));
    const ctx = testCtx(t.db, clock);
    const plan = await createPlan(t.db, { name: 'gold', priceMinor: 900000, period: 'quarterly' }, SYSTEM);
    const { accountId } = await makeAccount(t.db);
    const { subscription } = await subscribe(t.db, clock, { accountId, planId: plan.id }, SYSTEM);
    await recordPayment(ctx, { accountId, amountMinor: 900000, method: 'bank', reference: 'B1', invoiceId: (await t.db.one('SELECT id FROM invoices WHERE subscription_id = $1', [subscription.id]))!.id }, SYSTEM);
    clock.set('2026-09-25T00:00:00Z');
    await Promise.all([runBillingReminders(ctx, async () => undefined), runBillingReminders(ctx, async () => undefined)]);
    const invs = await t.db.query('SELECT period_start, due_at, amount_minor FROM invoices WHERE subscription_id = $1 ORDER BY id', [subscription.id]);
    expect(invs).to.have.length(2);
    expect(invs[1]!.period_start.toISOString()).to.equal('2026-10-01T00:00:00.000Z');
  });

  it('rejects a payment without a reference or with an unknown method, recording nothing', async () => {
    const ctx = testCtx(t.db, new FakeClock());
    const { accountId } = await makeAccount(t.db);
    expect(await failure(recordPayment(ctx, { accountId, amountMinor: 1, method: 'cash', reference: ' ', credits: 5 }, SYSTEM))).to.match(/reference/);
    expect(await failure(recordPayment(ctx, { accountId, amountMinor: 1, method: 'paypal' as 'cash', reference: 'x', credits: 5 }, SYSTEM))).to.match(/method/);
    expect((await t.db.query('SELECT 1 FROM payments WHERE account_id = $1', [accountId]))).to.have.length(0);
  });
});
