// Reduced form of test/faults/sigkill.test.ts: a few hundred messages, a few kills.
import { expect } from 'chai';
import { findLedgerViolations } from '../../src/credits.js';
import { useTestDb } from '../helpers/pg.js';
import { crashReport, killLoop } from '../faults/kill-loop.js';
import { makeAccount, makeCampaign, makeSender } from './fixtures.js';

describe('crash safety (SIGKILL, quick)', function () {
  this.timeout(120_000);
  const t = useTestDb();

  it('killed and restarted mid-campaign: nobody messaged twice, every row final, ledger balanced', async () => {
    const { accountId } = await makeAccount(t.db);
    const sessions = [await makeSender(t.db, accountId), await makeSender(t.db, accountId)];
    await t.db.exec('UPDATE sender_sessions SET lease_until = NULL WHERE id = ANY($1::int[])', [sessions]);
    const campaignId = await makeCampaign(t.db, accountId, 400);
    await killLoop({ db: t.db, url: t.url, sessionIds: sessions, campaignId, kills: 3, minMs: 300, maxMs: 1200 });
    const r = await crashReport(t.db, campaignId, accountId);
    if (process.env.SHOW_CRASH_REPORT) console.log(r);
    expect(r).to.include({ rows: 400, doubled: 0, notFinal: 0, withoutReason: 0, sentWithoutProof: 0, uncertainButSent: 0, ledgerReserved: 0 });
    expect(r.sendsToCampaignPhones).to.equal(r.distinctPhonesSent);
    expect(r.delivered + r.uncertain).to.equal(400);
    expect(r.ledgerDebited).to.equal(r.debitedRows);
    expect(r.delivered).to.be.greaterThan(0);
    expect(await findLedgerViolations(t.db)).to.deep.equal([]);
  });
});
