// The ledger invariant under contention: concurrent launches of one account's campaigns,
// top-ups and debits never overdraw, and balance = sum of entries at the end.
import { expect } from 'chai';
import { SYSTEM } from '../../src/audit.js';
import { createCampaign, launchCampaign, LaunchRefusedError, markDemoSent, prepareDemo } from '../../src/campaigns/index.js';
import { createList } from '../../src/contacts/index.js';
import type { Ctx } from '../../src/context.js';
import { debit, findLedgerViolations, getBalance, topUp } from '../../src/credits.js';
import { openDb, type Db } from '../../src/db/database.js';
import { useTestDb } from '../helpers/pg.js';
import { makeSender, fillList, makeAccount, testCtx } from '../helpers/world.js';

describe('credit ledger under concurrency', () => {
  const t = useTestDb();
  let ctx: Ctx;
  let wide: Db;

  before(async () => {
    // More connections than concurrent operations, so they really overlap in PostgreSQL.
    wide = await openDb({ url: t.url, poolMax: 12 });
    ctx = testCtx(wide);
  });
  after(async () => { await wide.close(); });

  it('concurrent launches and top-ups never overdraw, and the balance is the sum of entries', async function () {
    this.timeout(120_000);
    const { accountId } = await makeAccount(ctx.db, { credits: 2500, plan: { min_campaign_size: 100 } });
    await makeSender(ctx.db, accountId, { pacingMs: [10_000, 20_000] });
    const names: string[] = [];
    for (let i = 0; i < 8; i++) {
      const list = await createList(ctx, accountId, `l${i}`);
      await fillList(ctx.db, list.id, 1000, i * 1000);
      await createCampaign(ctx, accountId, { name: `c${i}`, listName: `l${i}`, body: `Offer ${i} for {{name|you}}` });
      const d = await prepareDemo(ctx, accountId, `c${i}`, '+923009999999');
      await markDemoSent(ctx, d.campaignId, d.bodyHash);
      names.push(`c${i}`);
    }
    // 8 launches of 1,000 credits each race 5 top-ups of 300 against a balance of 2,500.
    const outcomes = await Promise.allSettled([
      ...names.map((n) => launchCampaign(ctx, accountId, n, SYSTEM)),
      ...Array.from({ length: 5 }, (_, i) => topUp(wide, accountId, 300, `topup ${i}`)),
    ]);
    const launched = outcomes.slice(0, 8).filter((o) => o.status === 'fulfilled').length;
    const refused = outcomes.slice(0, 8).filter((o) => o.status === 'rejected');
    for (const r of refused) {
      expect((r as PromiseRejectedResult).reason).to.be.instanceOf(LaunchRefusedError);
      expect(((r as PromiseRejectedResult).reason as LaunchRefusedError).reason).to.equal('insufficient_credits');
    }
    expect(outcomes.slice(8).every((o) => o.status === 'fulfilled')).to.equal(true);
    // 2,500 + 1,500 = 4,000 credits: at least 2 and at most 4 launches fit, whatever the order.
    expect(launched).to.be.within(2, 4);
    const bal = await getBalance(wide, accountId);
    expect(bal).to.deep.equal({ available: 4000 - launched * 1000, reserved: launched * 1000 });
    const queued = await wide.one<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE account_id = $1 AND status = 'queued'`, [accountId]);
    expect(queued!.n).to.equal(launched * 1000);
    const running = await wide.one<{ n: number }>(`SELECT count(*)::int AS n FROM campaigns WHERE account_id = $1 AND status = 'running'`, [accountId]);
    expect(running!.n).to.equal(launched);

    // Debits racing more top-ups keep both sums non-negative.
    const campaignId = (await wide.one<{ id: number }>(`SELECT id FROM campaigns WHERE account_id = $1 AND status = 'running' LIMIT 1`, [accountId]))!.id;
    await Promise.all([
      ...Array.from({ length: 20 }, () => debit(wide, accountId, 10, campaignId, 'sent')),
      ...Array.from({ length: 5 }, (_, i) => topUp(wide, accountId, 7, `late ${i}`)),
    ]);
    expect(await getBalance(wide, accountId)).to.deep.equal({ available: 4035 - launched * 1000, reserved: launched * 1000 - 200 });
    const sums = await wide.one<{ available: number; reserved: number }>(
      'SELECT sum(available_delta)::int AS available, sum(reserved_delta)::int AS reserved FROM credit_ledger WHERE account_id = $1', [accountId]);
    expect(sums).to.deep.equal(await getBalance(wide, accountId));
    expect(await findLedgerViolations(wide)).to.deep.equal([]);
  });

  it('the ledger refuses to be edited or deleted', async () => {
    const { accountId } = await makeAccount(ctx.db, { credits: 10 });
    expect((await wide.exec('UPDATE credit_ledger SET available_delta = 1000 WHERE account_id = $1', [accountId]).catch((e) => e)).message)
      .to.contain('append-only');
    expect((await wide.exec('DELETE FROM credit_ledger WHERE account_id = $1', [accountId]).catch((e) => e)).message).to.contain('append-only');
  });
});
