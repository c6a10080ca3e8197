// Issue 6, criterion 3: a sandbox campaign of a few thousand messages, the process killed
// (SIGKILL) at random points and restarted, over and over.
import { expect } from 'chai';
import { findLedgerViolations } from '../../src/credits.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeCampaign, makeSender } from '../jobs/fixtures.js';
import { crashReport, killLoop } from './kill-loop.js';

describe('fault: SIGKILL loop over a 3,000-message campaign', function () {
  this.timeout(15 * 60_000);
  const t = useTestDb();

  it('every recipient at most once, every row final with a reason, ledger balanced', async () => {
    const { accountId } = await makeAccount(t.db);
    const sessions = [await makeSender(t.db, accountId), await makeSender(t.db, accountId), await makeSender(t.db, accountId)];
    await t.db.exec('UPDATE sender_sessions SET lease_until = NULL WHERE id = ANY($1::int[])', [sessions]);
    const campaignId = await makeCampaign(t.db, accountId, 3000);
    await killLoop({ db: t.db, url: t.url, sessionIds: sessions, campaignId, kills: 12, minMs: 200, maxMs: 2500 });
    const r = await crashReport(t.db, campaignId, accountId);
    console.log('    ', JSON.stringify(r));
    expect(r).to.include({ rows: 3000, doubled: 0, notFinal: 0, withoutReason: 0, sentWithoutProof: 0, uncertainButSent: 0, ledgerReserved: 0 });
    expect(r.sendsToCampaignPhones).to.equal(r.distinctPhonesSent);
    expect(r.delivered + r.uncertain).to.equal(3000);
    expect(r.ledgerDebited).to.equal(r.debitedRows);
    expect(await findLedgerViolations(t.db)).to.deep.equal([]);
  });
});
