// The launch estimate of a sandbox campaign uses the pacing of the process that sends it (it
// records SANDBOX_PACING_MS at start), not the default of the `chat` process that asks.
import { expect } from 'chai';
import { createCampaign, estimateLaunch } from '../../src/campaigns/index.js';
import { recordSandboxPacing } from '../../src/campaigns/sandbox-pacing.js';
import { createList } from '../../src/contacts/index.js';
import { useTestDb } from '../helpers/pg.js';
import { fillList, makeAccount, makeSender, testCtx } from '../helpers/world.js';

describe('sandbox launch estimate', () => {
  const t = useTestDb();

  it('a 1,000-recipient sandbox campaign: hours at the default 8–30 s, under a minute once the sending app runs at SANDBOX_PACING_MS=0', async () => {
    const ctx = testCtx(t.db, { WA_TRANSPORT: 'sandbox' }); // like `chat` in a second terminal: no SANDBOX_PACING_MS
    const acc = await makeAccount(t.db, { credits: 5000 });
    const list = await createList(ctx, acc.accountId, 'vip');
    await fillList(t.db, list.id, 1000);
    await makeSender(t.db, acc.accountId, { transport: 'sandbox' });
    await createCampaign(ctx, acc.accountId, { name: 'eid', listName: 'vip', body: 'Eid Mubarak' });
    const before = await estimateLaunch(ctx, acc.accountId, 'eid');
    expect(before.estimatedSeconds).to.be.greaterThan(3 * 3600); // 1,000 × 19 s mean
    await recordSandboxPacing(t.db, [0, 0]); // what `start` with SANDBOX_PACING_MS=0 records
    const after = await estimateLaunch(ctx, acc.accountId, 'eid');
    expect(after.estimatedSeconds).to.be.at.most(60);
    await recordSandboxPacing(t.db, [1000, 3000]);
    expect((await estimateLaunch(ctx, acc.accountId, 'eid')).estimatedSeconds).to.be.within(1900, 2100);
  });
});
