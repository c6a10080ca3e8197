// Reduced form of test/faults/sigkill.test.ts: real `wa-chatops start` processes, a few
// hundred messages, a few kills.
import { useTestDb } from '../helpers/pg.js';
import { crashReport, expectCrashSafe, figures, killLoop } from '../faults/kill-loop.js';
import { makeAccount, makeCampaign, makeSender } from './fixtures.js';

const COUNT = 400;
const CREDITS = 10_000;

describe('crash safety (SIGKILL, quick)', function () {
  this.timeout(180_000);
  const t = useTestDb();

  it('killed and restarted mid-campaign: nobody messaged twice, every row final, ledger balanced', async () => {
    const { accountId } = await makeAccount(t.db, { credits: CREDITS });
    await makeSender(t.db, accountId);
    await makeSender(t.db, accountId);
    const campaignId = await makeCampaign(t.db, accountId, COUNT);
    const loop = await killLoop({ db: t.db, url: t.url, campaignId, kills: 3, minMs: 0, maxMs: 800, env: { SEND_BATCH: '5' } });
    const r = await crashReport(t.db, campaignId, accountId);
    if (process.env.SHOW_CRASH_REPORT) console.log(figures('SIGKILL quick', r, { 'kills survived': loop.kills }));
    await expectCrashSafe(t.db, r, COUNT, CREDITS);
  });
});
