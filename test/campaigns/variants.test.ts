// Variation (issue 14 item 3): spintax and alternative texts, one variant per recipient chosen
// from (campaign, phone), the same in the demo, at launch (SQL) and at claim (JS); banned
// words in every variant; the outbox's variant; per-variant counts in status.
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { SYSTEM } from '../../src/audit.js';
import { campaignStats, createCampaign, launchCampaign, LaunchRefusedError, markDemoSent, prepareDemo, updateCampaignText } from '../../src/campaigns/index.js';
import { createList } from '../../src/contacts/index.js';
import { expandVariants, renderMessage, splitAlternatives, variantIndex, variantIndexSql } from '../../src/content/variants.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import type { Channel, OutgoingContent } from '../../src/gateway/channel.js';
import { FakeClock } from '../../src/clock.js';
import { useTestDb } from '../helpers/pg.js';
import { fillList, makeAccount, makeSender, testCtx } from '../helpers/world.js';
import { createWorld, type World } from '../router/router-world.js';

class RecordingChannel extends EventEmitter {
  readonly transport = 'whatsapp' as const;
  sent: Array<{ to: string; content: OutgoingContent }> = [];
  constructor(readonly sessionId: number) { super(); }
  async connect() {}
  async close() {}
  async send(to: string, content: OutgoingContent, opts: { messageId?: string } = {}) {
    this.sent.push({ to, content });
    return { messageId: opts.messageId!, at: new Date() };
  }
}

describe('variation: spintax and alternative texts', () => {
  const t = useTestDb();

  it('expands spintax and alternatives into numbered variants, leaving {{name|fallback}} and single {word} alone', () => {
    expect(expandVariants(['{Hi|Hello|Salam} {{name|friend}}, {new|fresh} stock {today}', 'Eid offer for {{name}}'])).to.deep.equal([
      'Hi {{name|friend}}, new stock {today}', 'Hi {{name|friend}}, fresh stock {today}',
      'Hello {{name|friend}}, new stock {today}', 'Hello {{name|friend}}, fresh stock {today}',
      'Salam {{name|friend}}, new stock {today}', 'Salam {{name|friend}}, fresh stock {today}',
      'Eid offer for {{name}}',
    ]);
    expect(splitAlternatives('First text\n---\nSecond text\n  ---  \nThird\n---')).to.deep.equal(['First text', 'Second text', 'Third']);
    expect(splitAlternatives('Price 100---200 today')).to.deep.equal(['Price 100---200 today']);
  });

  it('gives each recipient one variant as a pure function of (campaign, phone), spread over all variants', () => {
    const c = { id: 42, body: '{A|B|C}', alternates: ['D'] };
    const seen = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      const phone = `+9230${String(i).padStart(8, '0')}`;
      const r = renderMessage(c, phone, {});
      expect(renderMessage(c, phone, {}).text, 'same phone, same text').to.equal(r.text);
      seen.set(r.text, (seen.get(r.text) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).to.deep.equal(['A', 'B', 'C', 'D']);
    for (const n of seen.values()) expect(n).to.be.within(850, 1150); // ~1,000 each
    // Another campaign shuffles the same phones differently.
    const same = Array.from({ length: 200 }, (_, i) => `+9230${i}`).filter((p) => variantIndex(42, p, 4) === variantIndex(43, p, 4)).length;
    expect(same).to.be.below(100);
  });

  it('chooses the same variant in SQL (launch) as in JS (demo, claim)', async () => {
    const phones = Array.from({ length: 300 }, (_, i) => `+92300${String(1000000 + i * 7919)}`);
    for (const count of [2, 3, 7, 100]) {
      const rows = await t.db.query<{ phone: string; v: number }>(
        `SELECT c.phone, ${variantIndexSql('$1', 'c.phone', count)} AS v FROM unnest($2::text[]) AS c(phone)`, [77, phones]);
      for (const r of rows) expect(r.v, `${r.phone} of ${count}`).to.equal(variantIndex(77, r.phone, count));
    }
  });

  it('launch writes each recipient\'s variant and body, the claim sends exactly that, and status counts per variant', async () => {
    const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
    const ctx = testCtx(t.db, { SANDBOX_PACING_MS: '0' }, clock);
    const a = await makeAccount(ctx.db, { credits: 5000, plan: { daily_limit: 100000 } });
    const list = await createList(ctx, a.accountId, 'vip');
    await fillList(ctx.db, list.id, 1000);
    const sid = await makeSender(ctx.db, a.accountId, { pacingMs: [0, 0] });
    const draft = await createCampaign(ctx, a.accountId, { name: 'eid', listName: 'vip', body: '{Hi|Salam} {{name|friend}}!\n---\nEid offer in {{city}}' });
    expect(draft.variants).to.equal(3);
    const demo = await prepareDemo(ctx, a.accountId, 'eid', '03009999999');
    expect(demo.texts).to.have.length(3);
    expect(new Set(demo.texts).size).to.equal(3);
    // The first demo text is what the list's first contact (+923000000000, "Name 0", City 0) will get.
    expect(demo.texts[0]).to.equal(renderMessage(draft.campaign, '+923000000000', { name: 'Name 0', city: 'City 0' }).text);
    expect(await markDemoSent(ctx, demo.campaignId, demo.bodyHash)).to.equal(true);
    await launchCampaign(ctx, a.accountId, 'eid', SYSTEM);

    const rows = await ctx.db.query<{ phone: string; name: string | null; variables: Record<string, string>; body: string; variant: number }>(
      `SELECT phone, name, variables, body, variant FROM outbox WHERE campaign_id = $1 ORDER BY id`, [draft.campaign.id]);
    expect(rows).to.have.length(1000);
    for (const r of rows) {
      const js = renderMessage(draft.campaign, r.phone, { ...r.variables, name: r.name });
      expect({ body: r.body, variant: r.variant }, r.phone).to.deep.equal({ body: js.text, variant: js.variant });
    }
    // A body left unrendered (as a claim-time renderer would leave it) renders the same at claim.
    await ctx.db.exec(`UPDATE outbox SET body = NULL WHERE campaign_id = $1 AND id % 2 = 0`, [draft.campaign.id]);
    const ch = new RecordingChannel(sid);
    const d = new Dispatcher(ctx, { channel: () => ch as unknown as Channel, ownedSessionIds: () => [sid] });
    for (;;) {
      const batch = await claimForSender(ctx.db, ctx.config, clock, sid);
      if (!batch) break;
      await d.dispatch(batch);
      clock.advance(1000);
    }
    expect(ch.sent).to.have.length(1000);
    const byPhone = new Map(rows.map((r) => [r.phone, r.body]));
    for (const s of ch.sent) expect((s.content as { text: string }).text).to.equal(byPhone.get(s.to));
    await ctx.db.exec(`UPDATE outbox SET status = 'read' WHERE campaign_id = $1 AND variant = 2`, [draft.campaign.id]);
    const stats = await campaignStats(ctx, draft.campaign.id);
    const expected = [0, 1, 2].map((v) => rows.filter((r) => r.variant === v).length);
    expect(stats.variants.map((v) => v.sent)).to.deep.equal(expected);
    expect(stats.variants.map((v) => v.read)).to.deep.equal([0, 0, expected[2]]);
    expect(stats.variants.map((v) => v.text)).to.deep.equal(['Hi {{name|friend}}!', 'Salam {{name|friend}}!', 'Eid offer in {{city}}']);
    for (const n of expected) expect(n).to.be.within(250, 420);
  });

  it('checks banned words in every variant and refuses more than 5 texts or 100 variants', async () => {
    const ctx = testCtx(t.db);
    const a = await makeAccount(ctx.db, { credits: 5000, plan: { min_campaign_size: 1 } });
    const list = await createList(ctx, a.accountId, 'vip');
    await fillList(ctx.db, list.id, 3);
    await makeSender(ctx.db, a.accountId, { pacingMs: [0, 0] });
    const d = await createCampaign(ctx, a.accountId, { name: 'spin', listName: 'vip', body: 'Hello {friend|porn} sale\n---\nClean text' });
    expect(d.warnings.map((w) => w.key)).to.include('campaign.warning.banned_word');
    const demo = await prepareDemo(ctx, a.accountId, 'spin', '03009999999');
    await markDemoSent(ctx, demo.campaignId, demo.bodyHash);
    const err = await launchCampaign(ctx, a.accountId, 'spin', SYSTEM).catch((e) => e);
    expect(err).to.be.instanceOf(LaunchRefusedError);
    expect((err as LaunchRefusedError).code).to.equal('campaign.launch.banned_content');
    // Changing an alternative makes the demo stale: the owner must see the new texts first.
    await updateCampaignText(ctx, a.accountId, 'spin', 'Hello {friend|dear} sale\n---\nOther text');
    const stale = await launchCampaign(ctx, a.accountId, 'spin', SYSTEM).catch((e) => e);
    expect((stale as LaunchRefusedError).code).to.equal('campaign.launch.no_demo');
    const six = Array.from({ length: 6 }, (_, i) => `Text ${i}`).join('\n---\n');
    expect((await createCampaign(ctx, a.accountId, { name: 'six', listName: 'vip', body: six }).catch((e) => e)).code).to.equal('campaign.too_many_texts');
    expect((await createCampaign(ctx, a.accountId, { name: 'many', listName: 'vip', body: '{a|b|c|d|e} {a|b|c|d|e} {a|b|c|d|e}' }).catch((e) => e)).message)
      .to.include('125 variants');
  });
});

describe('variation through chat', () => {
  const t = useTestDb();
  let w: World;
  before(async () => { w = await createWorld(t.db); });

  it('create shows the variant count, the demo sends 3 rendered variants, in Turkish', async () => {
    const a = await w.newAccount({ language: 'tr' });
    const list = await createList(w.ctx, a.accountId, 'vip');
    await fillList(w.ctx.db, list.id, 5);
    const created = (await w.send(a.phone, 'kampanya oluştur bayram vip: {Merhaba|Selam|İyi bayramlar} {{name|dostum}}!')).join('\n');
    expect(created).to.include('3 varyantı var');
    const before = w.sent.length;
    const demo = (await w.send(a.phone, 'demo gönder bayram')).join('\n');
    const texts = w.sent.slice(before).map((s) => (s.content as { text: string }).text);
    expect(texts.filter((x) => /^(Merhaba|Selam|İyi bayramlar) Name 0!$/.test(x))).to.have.length(3);
    expect(demo).to.include('3 varyanttan 3 tanesi');
  });
});
