import { expect } from 'chai';
import { SYSTEM } from '../../src/audit.js';
import { createCampaign, launchCampaign, markDemoSent, prepareDemo, campaignStats } from '../../src/campaigns/index.js';
import { createList } from '../../src/contacts/index.js';
import type { Ctx } from '../../src/context.js';
import { getBalance } from '../../src/credits.js';
import { addSuppression, isOptOutText, recordOptOutReply, removeSuppression, isSuppressed } from '../../src/suppression.js';
import { useTestDb } from '../helpers/pg.js';
import { makeSender, fillList, makeAccount, testCtx } from '../helpers/world.js';

describe('opt-outs (suppression list)', () => {
  const t = useTestDb();
  let ctx: Ctx;

  before(() => { ctx = testCtx(t.db); });

  it('recognises STOP and its Urdu and Turkish forms, whatever the case or punctuation', () => {
    for (const text of ['STOP', 'stop.', ' Stop please ', 'UNSUBSCRIBE', 'Band karo', 'band kro bhai', 'بند کرو', 'İPTAL', 'iptal!', 'DUR', 'Abonelikten çık', 'opt-out']) {
      expect(isOptOutText(text), text).to.equal(true);
    }
  });

  it('does not treat ordinary replies that merely contain a keyword as opt-outs', () => {
    for (const text of ['Thanks!', 'Please stop by our shop tomorrow at five', 'Is the sale ending soon?', 'bandwidth', 'durum nedir', '']) {
      expect(isOptOutText(text), text).to.equal(false);
    }
  });

  it('takes extra keywords from settings', async () => {
    await ctx.db.exec(`INSERT INTO settings (key, value) VALUES ('opt_out_keywords', '["nahi chahiye"]'::jsonb)`);
    const { accountId } = await makeAccount(ctx.db);
    const session = await makeSender(ctx.db, accountId, { pacingMs: [10_000, 20_000] });
    expect(await recordOptOutReply(ctx, { sessionId: session, fromPhone: '+923001111111', text: 'Nahi chahiye' })).to.equal(true);
    expect(await isSuppressed(ctx.db, accountId, '+923001111111')).to.equal(true);
  });

  it('a reply to an account sender suppresses the number for that account only', async () => {
    const a = await makeAccount(ctx.db);
    const b = await makeAccount(ctx.db);
    const session = await makeSender(ctx.db, a.accountId, { pacingMs: [10_000, 20_000] });
    expect(await recordOptOutReply(ctx, { sessionId: session, fromPhone: '+923002222222', text: 'stop' })).to.equal(true);
    expect(await isSuppressed(ctx.db, a.accountId, '+923002222222')).to.equal(true);
    expect(await isSuppressed(ctx.db, b.accountId, '+923002222222')).to.equal(false);
    expect(await recordOptOutReply(ctx, { sessionId: session, fromPhone: '+923002222223', text: 'hello' })).to.equal(false);
    expect(await isSuppressed(ctx.db, a.accountId, '+923002222223')).to.equal(false);
  });

  it('a reply to the operator number suppresses it for every account that messaged that number', async () => {
    const a = await makeAccount(ctx.db, { credits: 100, plan: { min_campaign_size: 1 } });
    const b = await makeAccount(ctx.db, { credits: 100, plan: { min_campaign_size: 1 } });
    const c = await makeAccount(ctx.db);
    for (const acc of [a, b]) {
      await makeSender(ctx.db, acc.accountId, { pacingMs: [10_000, 20_000] });
      const list = await createList(ctx, acc.accountId, 'l');
      await ctx.db.exec(`INSERT INTO contacts (list_id, phone) VALUES ($1, '+923003333333')`, [list.id]);
      await createCampaign(ctx, acc.accountId, { name: 'c', listName: 'l', body: 'hi' });
      const demo = await prepareDemo(ctx, acc.accountId, 'c', '+923009999999');
      await markDemoSent(ctx, demo.campaignId, demo.bodyHash);
      await launchCampaign(ctx, acc.accountId, 'c', SYSTEM);
    }
    const operator = (await ctx.db.one<{ id: number }>(`INSERT INTO sender_sessions (purpose, status) VALUES ('commands', 'open') RETURNING id`))!.id;
    expect(await recordOptOutReply(ctx, { sessionId: operator, fromPhone: '+923003333333', text: 'Band karo' })).to.equal(true);
    expect(await isSuppressed(ctx.db, a.accountId, '+923003333333')).to.equal(true);
    expect(await isSuppressed(ctx.db, b.accountId, '+923003333333')).to.equal(true);
    expect(await isSuppressed(ctx.db, c.accountId, '+923003333333')).to.equal(false);
  });

  it('an opt-out during a running campaign skips that queued message and returns its credit', async () => {
    const { accountId } = await makeAccount(ctx.db, { credits: 50, plan: { min_campaign_size: 10 } });
    await makeSender(ctx.db, accountId, { pacingMs: [10_000, 20_000] });
    const list = await createList(ctx, accountId, 'big');
    await fillList(ctx.db, list.id, 20);
    await createCampaign(ctx, accountId, { name: 'sale', listName: 'big', body: 'Sale {{name|friend}}' });
    const demo = await prepareDemo(ctx, accountId, 'sale', '+923009999999');
    await markDemoSent(ctx, demo.campaignId, demo.bodyHash);
    await launchCampaign(ctx, accountId, 'sale', SYSTEM);
    expect(await getBalance(ctx.db, accountId)).to.deep.equal({ available: 30, reserved: 20 });
    const added = await addSuppression(ctx, accountId, '0300 0000005', 'owner');
    expect(added).to.deep.equal({ phone: '+923000000005', added: true });
    expect(await getBalance(ctx.db, accountId)).to.deep.equal({ available: 31, reserved: 19 });
    const stats = await campaignStats(ctx, demo.campaignId);
    expect(stats.counts.queued).to.equal(19);
    expect(stats.skippedByReason).to.deep.equal({ opted_out: 1 });
    // Again: already there, nothing changes twice.
    expect((await addSuppression(ctx, accountId, '+923000000005', 'admin')).added).to.equal(false);
    expect(await getBalance(ctx.db, accountId)).to.deep.equal({ available: 31, reserved: 19 });
  });

  it('refuses to suppress something that is not a number, and can lift a suppression', async () => {
    const { accountId } = await makeAccount(ctx.db);
    expect((await addSuppression(ctx, accountId, 'abc', 'owner').catch((e) => e)).name).to.equal('InvalidPhoneError');
    await addSuppression(ctx, accountId, '03004444444', 'owner');
    expect((await removeSuppression(ctx, accountId, '+92 300 4444444')).removed).to.equal(true);
    expect(await isSuppressed(ctx.db, accountId, '+923004444444')).to.equal(false);
  });

  it("never lifts a recipient's own STOP: only what an owner, admin or import added can go", async () => {
    const { accountId } = await makeAccount(ctx.db);
    await ctx.db.exec(`INSERT INTO suppressions (account_id, phone, source) VALUES ($1, '+923004444445', 'reply')`, [accountId]);
    const e = await removeSuppression(ctx, accountId, '03004444445').catch((x) => x);
    expect(e.name).to.equal('RecipientOptedOutError');
    expect(await isSuppressed(ctx.db, accountId, '+923004444445')).to.equal(true);
  });
});
