import { expect } from 'chai';
import { SYSTEM } from '../../src/audit.js';
import { suspendAccount } from '../../src/accounts.js';
import {
  campaignStats, cancelCampaign, createCampaign, estimateLaunch, exportCampaignCsv, getCampaign, launchCampaign, LaunchRefusedError,
  listCampaigns, markDemoSent, pauseCampaign, prepareDemo, resumeCampaign, updateCampaignText,
} from '../../src/campaigns/index.js';
import { createList, ingestContacts } from '../../src/contacts/index.js';
import type { Ctx } from '../../src/context.js';
import { findLedgerViolations, getBalance, topUp } from '../../src/credits.js';
import { addSuppression } from '../../src/suppression.js';
import { publishTerms, recordTermsAcceptance } from '../../src/terms.js';
import { render } from '../../src/i18n/t.js';
import { useTestDb } from '../helpers/pg.js';
import { makeSender, fillList, makeAccount, testCtx } from '../helpers/world.js';

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
}

describe('campaign life cycle', () => {
  const t = useTestDb();
  let ctx: Ctx;
  let seq = 0;

  /** An account with a 1,000-contact list "eid" (+ given extras), a sender and credits. */
  async function ready(opts: { credits?: number; contacts?: number; sender?: boolean } = {}) {
    const acc = await makeAccount(ctx.db, { credits: opts.credits ?? 5000, name: `shop ${seq++}` });
    const list = await createList(ctx, acc.accountId, 'eid');
    await fillList(ctx.db, list.id, opts.contacts ?? 1000);
    if (opts.sender !== false) await makeSender(ctx.db, acc.accountId, { pacingMs: [10_000, 20_000] });
    return { ...acc, listId: list.id };
  }
  async function demo(accountId: number, name: string): Promise<void> {
    const d = await prepareDemo(ctx, accountId, name, '0300 9999999');
    expect(await markDemoSent(ctx, d.campaignId, d.bodyHash)).to.equal(true);
  }
  async function refusal(accountId: number, name: string): Promise<LaunchRefusedError> {
    const err = await launchCampaign(ctx, accountId, name, SYSTEM).catch((e) => e);
    expect(err).to.be.instanceOf(LaunchRefusedError);
    return err;
  }

  before(() => { ctx = testCtx(t.db); });

  it('creates a draft and previews the message as the first contact will read it', async () => {
    const a = await ready();
    const r = await createCampaign(ctx, a.accountId, { name: 'Eid Sale', listName: 'EID', body: 'Salam {{name|customer}} from {{city}}! {{code}}', createdBy: a.ownerId });
    expect(r.campaign).to.include({ name: 'Eid Sale', status: 'draft', list_name: 'eid' });
    expect(r.preview).to.equal('Salam Name 0 from City 0!');
    expect(r.warnings.map((m) => render('en', m))).to.deep.equal(['1,000 of 1,000 contacts have no {{code}}; they would read the text without it. Add a fallback, e.g. {{code|…}}']);
    expect((await createCampaign(ctx, a.accountId, { name: 'eid sale', listName: 'eid', body: 'x' }).catch((e) => e)).message)
      .to.equal('A campaign named "eid sale" already exists.');
    expect((await createCampaign(ctx, a.accountId, { name: 'n', listName: 'nope', body: 'x' }).catch((e) => e)).message)
      .to.equal('There is no list named "nope".');
    expect((await createCampaign(ctx, a.accountId, { name: 'n', listName: 'eid', body: '  ' }).catch((e) => e)).message)
      .to.equal('The campaign text is empty.');
    expect((await listCampaigns(ctx, a.accountId)).map((c) => c.name)).to.deep.equal(['Eid Sale']);
  });

  it('a demo moves the campaign to demo_sent; editing the text returns it to draft and launch then asks for a new demo', async () => {
    const a = await ready();
    await createCampaign(ctx, a.accountId, { name: 'c', listName: 'eid', body: 'Hi {{name|friend}}' });
    const d = await prepareDemo(ctx, a.accountId, 'c', '0300 9999999');
    expect(d).to.include({ toPhone: '+923009999999', text: 'Hi Name 0' });
    await markDemoSent(ctx, d.campaignId, d.bodyHash);
    expect((await getCampaign(ctx, a.accountId, 'c')).status).to.equal('demo_sent');
    const edited = await updateCampaignText(ctx, a.accountId, 'c', 'Hello {{name|friend}}');
    expect(edited.campaign.status).to.equal('draft');
    expect(edited.preview).to.equal('Hello Name 0');
    // The old demo (of the old text) cannot be recorded any more.
    expect(await markDemoSent(ctx, d.campaignId, d.bodyHash)).to.equal(false);
    expect((await refusal(a.accountId, 'c')).reason).to.equal('no_demo');
  });

  it('refuses to launch with its own reason: no demo, too small, banned word, no credits, no sender, suspended', async () => {
    const small = await ready({ contacts: 999 });
    await createCampaign(ctx, small.accountId, { name: 'c', listName: 'eid', body: 'Hi' });
    expect((await refusal(small.accountId, 'c')).reason).to.equal('no_demo');
    await demo(small.accountId, 'c');
    const tooSmall = await refusal(small.accountId, 'c');
    expect(tooSmall.reason).to.equal('too_small');
    expect(tooSmall.message).to.equal("Launch refused: the list has 999 numbers; your plan's minimum campaign size is 1,000.");

    const banned = await ready();
    await createCampaign(ctx, banned.accountId, { name: 'c', listName: 'eid', body: 'Hot s3x offers' });
    await demo(banned.accountId, 'c');
    const b = await refusal(banned.accountId, 'c');
    expect(b.reason).to.equal('banned_content');
    expect(b.details).to.deep.equal({ word: 'sex' });
    expect(b.message).to.contain('"sex"');

    const poor = await ready({ credits: 999 });
    await createCampaign(ctx, poor.accountId, { name: 'c', listName: 'eid', body: 'Hi' });
    await demo(poor.accountId, 'c');
    const p = await refusal(poor.accountId, 'c');
    expect(p.reason).to.equal('insufficient_credits');
    expect(p.message).to.equal('Launch refused: this campaign needs 1,000 credits and 999 are available; top up 1 more.');

    const lonely = await ready({ sender: false });
    await makeSender(ctx.db, lonely.accountId, { status: 'needs_relink', pacingMs: [10_000, 20_000] });
    await createCampaign(ctx, lonely.accountId, { name: 'c', listName: 'eid', body: 'Hi' });
    await demo(lonely.accountId, 'c');
    expect((await refusal(lonely.accountId, 'c')).reason).to.equal('no_healthy_sender');

    const suspended = await ready();
    await createCampaign(ctx, suspended.accountId, { name: 'c', listName: 'eid', body: 'Hi' });
    await demo(suspended.accountId, 'c');
    await suspendAccount(ctx.db, suspended.accountId, 'unpaid', SYSTEM);
    expect((await refusal(suspended.accountId, 'c')).reason).to.equal('suspended');

    // Nothing was reserved or queued by any refusal.
    expect(await ctx.db.one('SELECT count(*)::int AS n FROM outbox')).to.deep.equal({ n: 0 });
    expect(await getBalance(ctx.db, poor.accountId)).to.deep.equal({ available: 999, reserved: 0 });
  });

  it('launches: one outbox row per eligible contact with its own text, suppressed numbers skipped, credits reserved', async () => {
    const a = await ready({ contacts: 1200, credits: 1500 });
    await addSuppression(ctx, a.accountId, '+923000000003', 'reply');
    await addSuppression(ctx, a.accountId, '+923000000004', 'owner');
    await createCampaign(ctx, a.accountId, { name: 'eid', listName: 'eid', body: 'Salam {{name|customer}} ({{city}})' });
    const est = await estimateLaunch(ctx, a.accountId, 'eid');
    expect(est).to.deep.equal({ recipients: 1198, skippedSuppressed: 2, credits: 1198, estimatedSeconds: Math.ceil(1198 * 15) });
    await demo(a.accountId, 'eid');
    const r = await launchCampaign(ctx, a.accountId, 'eid', { type: 'member', id: a.ownerId, label: 'owner' });
    expect(r).to.include({ recipients: 1198, skippedSuppressed: 2, credits: 1198 });
    expect(r.balanceAfter).to.deep.equal({ available: 302, reserved: 1198 });
    expect(await getBalance(ctx.db, a.accountId)).to.deep.equal({ available: 302, reserved: 1198 });
    const c = await getCampaign(ctx, a.accountId, 'eid');
    expect(c).to.include({ status: 'running', recipients: 1198, skipped: 2, credits_reserved: 1198 });
    const rows = await ctx.db.query<{ phone: string; status: string; reason: string | null; body: string | null }>(
      `SELECT phone, status, reason, body FROM outbox WHERE campaign_id = $1 AND phone IN ('+923000000001', '+923000000002', '+923000000003') ORDER BY phone`, [c.id]);
    expect(rows).to.deep.equal([
      { phone: '+923000000001', status: 'queued', reason: null, body: 'Salam customer (City 1)' },
      { phone: '+923000000002', status: 'queued', reason: null, body: 'Salam Name 2 (City 2)' },
      { phone: '+923000000003', status: 'skipped', reason: 'suppressed', body: null },
    ]);
    expect((await refusal(a.accountId, 'eid')).reason).to.equal('wrong_state');
    const audit = await ctx.db.one(`SELECT actor_type, details->>'recipients' AS n FROM audit_log WHERE action = 'campaign.launch' AND account_id = $1`, [a.accountId]);
    expect(audit).to.deep.equal({ actor_type: 'member', n: '1198' });
  });

  it('asks for the latest terms when a new version is published and the owner has not accepted it', async () => {
    const a = await ready();
    await createCampaign(ctx, a.accountId, { name: 'c', listName: 'eid', body: 'Hi' });
    await demo(a.accountId, 'c');
    await publishTerms(ctx.db, `v-test-${Date.now()}`, 'new terms');
    expect((await refusal(a.accountId, 'c')).reason).to.equal('terms_not_accepted');
    await recordTermsAcceptance(ctx.db, { accountId: a.accountId, memberId: a.ownerId, phone: '+923001234567' });
    expect((await launchCampaign(ctx, a.accountId, 'c', SYSTEM)).recipients).to.equal(1000);
    // Withdraw the version again so the other tests' accounts are not asked for it.
    await ctx.db.exec('DELETE FROM terms_acceptances');
    await ctx.db.exec('DELETE FROM terms_versions');
  });

  it('pauses and resumes; cancel skips queued messages and gives their credits back', async () => {
    const a = await ready({ credits: 1000 });
    await createCampaign(ctx, a.accountId, { name: 'c', listName: 'eid', body: 'Hi' });
    await demo(a.accountId, 'c');
    const { campaignId } = await launchCampaign(ctx, a.accountId, 'c', SYSTEM);
    expect((await pauseCampaign(ctx, a.accountId, 'c', SYSTEM)).status).to.equal('paused');
    expect((await pauseCampaign(ctx, a.accountId, 'c', SYSTEM).catch((e) => e)).message).to.equal('Campaign "c" is paused; only a running campaign can be paused.');
    expect((await resumeCampaign(ctx, a.accountId, 'c', SYSTEM)).status).to.equal('running');
    // The sender has sent 3 (debited) and holds 2 in flight.
    await ctx.db.exec(`UPDATE outbox SET status = 'sent', credit_state = 'debited' WHERE id IN (SELECT id FROM outbox WHERE campaign_id = $1 ORDER BY id LIMIT 3)`, [campaignId]);
    await ctx.db.exec(`INSERT INTO credit_ledger (account_id, kind, available_delta, reserved_delta, campaign_id) VALUES ($1, 'debit', 0, -3, $2)`, [a.accountId, campaignId]);
    await ctx.db.exec(`UPDATE outbox SET status = 'sending' WHERE id IN (SELECT id FROM outbox WHERE campaign_id = $1 AND status = 'queued' ORDER BY id LIMIT 2)`, [campaignId]);
    const r = await cancelCampaign(ctx, a.accountId, 'c', SYSTEM);
    expect(r).to.include({ skipped: 995, creditsReleased: 995 });
    expect(r.campaign.status).to.equal('cancelled');
    expect(await getBalance(ctx.db, a.accountId)).to.deep.equal({ available: 995, reserved: 2 });
    const stats = await campaignStats(ctx, campaignId);
    expect(stats.counts).to.include({ sent: 3, sending: 2, queued: 0, skipped: 995 });
    expect(stats.skippedByReason).to.deep.equal({ cancelled: 995 });
    expect((await resumeCampaign(ctx, a.accountId, 'c', SYSTEM).catch((e) => e)).name).to.equal('CampaignStateError');
    expect((await cancelCampaign(ctx, a.accountId, 'c', SYSTEM).catch((e) => e)).message).to.equal('Campaign "c" is already cancelled.');
    expect(await findLedgerViolations(ctx.db)).to.deep.equal([]);
  });

  it('reports statistics by status, failures by reason, progress and ETA; exports every recipient as CSV', async () => {
    const a = await ready();
    await createCampaign(ctx, a.accountId, { name: 'c', listName: 'eid', body: 'Hi {{name|there}}' });
    await demo(a.accountId, 'c');
    const { campaignId } = await launchCampaign(ctx, a.accountId, 'c', SYSTEM);
    const setStatus = (status: string, n: number, reason: string | null = null) => ctx.db.exec(
      `UPDATE outbox SET status = $2, reason = $3, sent_at = CASE WHEN $2 <> 'failed' THEN timestamptz '2026-01-15 09:00:00Z' END
        WHERE id IN (SELECT id FROM outbox WHERE campaign_id = $1 AND status = 'queued' ORDER BY id LIMIT $4)`, [campaignId, status, reason, n]);
    await setStatus('read', 100);
    await setStatus('delivered', 200);
    await setStatus('sent', 100);
    await setStatus('failed', 30, 'not on WhatsApp');
    await setStatus('failed', 20, 'blocked');
    await setStatus('uncertain', 10, 'no receipt after restart');
    await setStatus('sending', 1);
    const s = await campaignStats(ctx, campaignId);
    expect(s.counts).to.deep.equal({ queued: 539, sending: 1, sent: 100, delivered: 200, read: 100, failed: 50, uncertain: 10, skipped: 0 });
    expect(s.failedByReason).to.deep.equal({ 'not on WhatsApp': 30, blocked: 20 });
    expect(s.total).to.equal(1000);
    expect(s.progress).to.equal(0.46);
    expect(s.etaSeconds).to.equal(540 * 15);

    await ctx.db.exec(`UPDATE outbox SET name = '=HYPERLINK("x")' WHERE campaign_id = $1 AND phone = '+923000000000'`, [campaignId]);
    const csv = await text(exportCampaignCsv(ctx, campaignId));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).to.equal('phone,name,status,reason,sent_at,delivered_at,read_at,failed_at,channel,email');
    expect(lines).to.have.length(1001);
    expect(lines[1]).to.equal(`+923000000000,"'=HYPERLINK(""x"")",read,,2026-01-15T09:00:00.000Z,,,,whatsapp,`);
    expect(lines.filter((l) => l.includes(',failed,not on WhatsApp,'))).to.have.length(30);
  });

  it('a campaign paused by a suspension cannot be resumed until the account is reactivated', async () => {
    const a = await ready();
    await createCampaign(ctx, a.accountId, { name: 'c', listName: 'eid', body: 'Hi' });
    await demo(a.accountId, 'c');
    await launchCampaign(ctx, a.accountId, 'c', SYSTEM);
    await suspendAccount(ctx.db, a.accountId, 'abuse', SYSTEM);
    expect((await getCampaign(ctx, a.accountId, 'c')).status).to.equal('paused');
    expect((await resumeCampaign(ctx, a.accountId, 'c', SYSTEM).catch((e) => e)).message).to.contain('suspended');
    await topUp(ctx.db, a.accountId, 10, 'test');
    expect(await findLedgerViolations(ctx.db)).to.deep.equal([]);
  });

  it('ingested contacts flow through to the outbox with their CSV variables', async () => {
    const acc = await makeAccount(ctx.db, { credits: 10, plan: { min_campaign_size: 2 } });
    await makeSender(ctx.db, acc.accountId, { pacingMs: [10_000, 20_000] });
    const list = await createList(ctx, acc.accountId, 'csv');
    await ingestContacts(ctx, { accountId: acc.accountId, listId: list.id, input: 'Phone;Name;Due Amount\n0300 1234567;Ali;1,500\n0301 1234567;;900\n' });
    await createCampaign(ctx, acc.accountId, { name: 'dues', listName: 'csv', body: 'Dear {{name|customer}}, Rs {{due_amount}} is due.' });
    await demo(acc.accountId, 'dues');
    const { campaignId } = await launchCampaign(ctx, acc.accountId, 'dues', SYSTEM);
    const bodies = await ctx.db.query<{ body: string }>('SELECT body FROM outbox WHERE campaign_id = $1 ORDER BY phone', [campaignId]);
    expect(bodies.map((b) => b.body)).to.deep.equal(['Dear Ali, Rs 1,500 is due.', 'Dear customer, Rs 900 is due.']);
  });
});
