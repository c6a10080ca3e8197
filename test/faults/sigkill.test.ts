// Issue 6, criterion 3: real `wa-chatops start` processes (sandbox, pacing 0) on one
// database, a 3,000-message campaign, SIGKILL at random points, restart, repeat.
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeCampaign, makeSender } from '../jobs/fixtures.js';
import { crashReport, expectCrashSafe, figures, killLoop } from './kill-loop.js';

const COUNT = 3000;
const CREDITS = 100_000;

describe('fault: SIGKILL loop over a 3,000-message campaign', function () {
  this.timeout(15 * 60_000);
  const t = useTestDb();

  it('every recipient at most once, every row final with a reason, ledger balanced', async () => {
    const { accountId } = await makeAccount(t.db, { credits: CREDITS });
    for (let i = 0; i < 3; i++) await makeSender(t.db, accountId);
    const campaignId = await makeCampaign(t.db, accountId, COUNT);
    // SEND_BATCH 5 keeps each batch short, so kills land between claim, send and record.
    const loop = await killLoop({ db: t.db, url: t.url, campaignId, kills: 12, minMs: 0, maxMs: 1500, env: { SEND_BATCH: '5' } });
    const r = await crashReport(t.db, campaignId, accountId);
    console.log(figures('SIGKILL loop', r, { 'kills survived': loop.kills, 'progress at kills': loop.progressAtKills.join('/') }));
    await expectCrashSafe(t.db, r, COUNT, CREDITS);
  });
});
