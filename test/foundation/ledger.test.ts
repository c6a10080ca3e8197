import { expect } from 'chai';
import { createAccount } from '../../src/accounts.js';
import { SYSTEM } from '../../src/audit.js';
import { debit, findLedgerViolations, getBalance, InsufficientCreditsError, release, reserve, topUp } from '../../src/credits.js';
import { useTestDb } from '../helpers/pg.js';

describe('credit ledger invariants', () => {
  const t = useTestDb();
  let accountId: number;
  let campaignId: number;
  before(async () => {
    accountId = (await createAccount(t.db, { name: 'Ledger Co', ownerPhone: '+923001000001' }, SYSTEM)).account.id;
    campaignId = (await t.db.one<{ id: number }>(
      `INSERT INTO campaigns (account_id, name, body) VALUES ($1, 'c1', 'hi') RETURNING id`, [accountId]))!.id;
  });

  it('balance is the sum of entries through top-up, reserve, debit and release', async () => {
    await topUp(t.db, accountId, 100, 'cash #1');
    await reserve(t.db, accountId, 60, campaignId);
    expect(await getBalance(t.db, accountId)).to.deep.equal({ available: 40, reserved: 60 });
    await debit(t.db, accountId, 50, campaignId);
    await release(t.db, accountId, 10, campaignId);
    expect(await getBalance(t.db, accountId)).to.deep.equal({ available: 50, reserved: 0 });
    expect(await findLedgerViolations(t.db)).to.deep.equal([]);
  });

  it('refuses to reserve more than is available and leaves the balance untouched', async () => {
    const before = await getBalance(t.db, accountId);
    try {
      await reserve(t.db, accountId, before.available + 1, campaignId);
      expect.fail('should refuse');
    } catch (e) {
      expect(e).to.be.instanceOf(InsufficientCreditsError);
      expect((e as Error).message).to.equal(`Not enough credits: ${(before.available + 1).toLocaleString('en-US')} needed, ${before.available.toLocaleString('en-US')} available.`);
    }
    expect(await getBalance(t.db, accountId)).to.deep.equal(before);
  });

  it('is append-only: UPDATE and DELETE of a recent entry are refused by the database', async () => {
    let err: unknown;
    try { await t.db.exec('UPDATE credit_ledger SET available_delta = 1000000 WHERE account_id = $1', [accountId]); } catch (e) { err = e; }
    expect(String(err)).to.match(/append-only/);
    err = undefined;
    try { await t.db.exec('DELETE FROM credit_ledger WHERE account_id = $1', [accountId]); } catch (e) { err = e; }
    expect(String(err)).to.match(/append-only/);
  });

  it('keeps its entries when the campaign they belong to is deleted', async () => {
    const n = (await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM credit_ledger WHERE campaign_id = $1', [campaignId]))!.n;
    expect(n).to.be.greaterThan(0);
    await t.db.exec('DELETE FROM campaigns WHERE id = $1', [campaignId]);
    expect(await getBalance(t.db, accountId)).to.deep.equal({ available: 50, reserved: 0 });
  });
});
