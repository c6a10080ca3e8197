// Issue 21 (8a): the per-contact frequency cap across an account's campaigns, on a real
// database: a number reached by one campaign waits (or, launched "skip recent", is skipped and
// not charged) in every other campaign of the account for the plan's contact_cap_hours.
import { expect } from 'chai';
import { FakeClock } from '../../src/clock.js';
import { createCampaign, markDemoSent, prepareDemo } from '../../src/campaigns/campaigns.js';
import { findCapSkip } from '../../src/campaigns/contact-cap.js';
import { createList } from '../../src/contacts/lists.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { markFailed, markSent } from '../../src/dispatch/outcomes.js';
import { useTestDb } from '../helpers/pg.js';
import { fillList, makeAccount as makeWorldAccount, makeSender as makeWorldSender } from '../helpers/world.js';
import { ledgerCheck, makeAccount, makeCampaign, makeSender, statusCounts, testCtx } from '../jobs/fixtures.js';
import { createWorld, type World } from '../router/router-world.js';

const H = 3_600_000;
const code = (reply: string) => /\*(?:YES|EVET|HAAN) (\d{6})\*/.exec(reply)?.[1] ?? '';

describe('contact frequency cap (issue 21 item 8)', () => {
  const t = useTestDb();
  const clock = new FakeClock(new Date('2026-03-02T06:00:00Z'));

  /** Campaign A to 5 numbers, then campaign B to the same 5 and 3 more, one sender with no delay. */
  async function twoCampaigns(plan: Record<string, unknown> = {}) {
    const ctx = testCtx(t.db, clock);
    const { accountId } = await makeAccount(t.db, { plan });
    const sender = await makeSender(t.db, accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
    const prefix = `+92333${String(Math.floor(Math.random() * 90) + 10)}`;
    const a = await makeCampaign(t.db, accountId, 5, { phonePrefix: prefix });
    const b = await makeCampaign(t.db, accountId, 8, { phonePrefix: prefix });
    await t.db.exec(`UPDATE campaigns SET launched_at = $2 WHERE id = $1`, [a, new Date(clock.now().getTime() - 60_000)]);
    const claim = async () => {
      await t.db.exec('UPDATE sender_sessions SET next_send_at = $2 WHERE id = $1', [sender, clock.now()]);
      return claimForSender(t.db, ctx.config, clock, sender);
    };
    return { ctx, accountId, sender, a, b, claim, prefix };
  }

  it('a number another campaign reached waits until the cap has passed; nobody gets two campaign messages', async () => {
    const { a, b, claim } = await twoCampaigns();
    const first = await claim();
    // A's five and only B's three new numbers, although both campaigns run at once.
    expect(first!.rows.filter((r) => r.campaignId === a)).to.have.length(5);
    expect(first!.rows.filter((r) => r.campaignId === b).map((r) => r.phone.slice(-1)).sort()).to.deep.equal(['6', '7', '8']);
    expect(new Set(first!.rows.map((r) => r.phone)).size).to.equal(8);
    await markSent(t.db, clock, first!.rows.map((r) => r.id));
    expect(await statusCounts(t.db, b)).to.deep.equal({ queued: 5, sent: 3 });
    clock.advance(23 * H);
    expect(await claim()).to.equal(undefined);
    clock.advance(H + 1000);
    const later = await claim();
    expect(later!.rows.map((r) => r.campaignId)).to.deep.equal([b, b, b, b, b]);
    clock.advance(-24 * H - 1000);
  });

  it('launched to skip recent numbers: they are skipped with their own reason and their credits go back', async () => {
    const { accountId, b, claim } = await twoCampaigns();
    await t.db.exec(`UPDATE campaigns SET contact_cap_mode = 'skip' WHERE id = $1`, [b]);
    const first = await claim();
    expect(first!.rows).to.have.length(8);
    const skipped = await t.db.query<{ reason: string; credit_state: string }>(
      `SELECT reason, credit_state FROM outbox WHERE campaign_id = $1 AND status = 'skipped'`, [b]);
    expect(skipped).to.have.length(5);
    expect(skipped.every((s) => s.reason === 'frequency_cap' && s.credit_state === 'released')).to.equal(true);
    const released = await t.db.one<{ n: number }>(
      `SELECT coalesce(sum(available_delta), 0)::int AS n FROM credit_ledger WHERE campaign_id = $1 AND kind = 'release'`, [b]);
    expect(released!.n).to.equal(5);
    const l = await ledgerCheck(t.db, accountId);
    expect(l.reserved).to.equal(l.inFlight);
    await markSent(t.db, clock, first!.rows.map((r) => r.id));
    expect(await statusCounts(t.db, b)).to.deep.equal({ skipped: 5, sent: 3 });
  });

  it('a failed send did not reach the number, so it does not hold the other campaign back', async () => {
    const { a, b, claim } = await twoCampaigns();
    await t.db.exec(`UPDATE campaigns SET status = 'paused' WHERE id = $1`, [b]);
    const first = await claim();
    await markFailed(t.db, clock, first!.rows.map((r) => ({ id: r.id, reason: 'boom' })));
    await t.db.exec(`UPDATE campaigns SET status = 'running' WHERE id = $1`, [b]);
    expect(await statusCounts(t.db, a)).to.deep.equal({ failed: 5 });
    expect((await claim())!.rows.filter((r) => r.campaignId === b)).to.have.length(8);
  });

  it('waiting rows leave the claim index with the time they are due; a number only in flight elsewhere is looked at again a minute later', async () => {
    const { a, b, claim } = await twoCampaigns();
    const first = await claim();
    const aRows = first!.rows.filter((r) => r.campaignId === a);
    // B's five were held while A's rows were in flight (they may yet fail): due again in 60 s.
    const held = () => t.db.query<{ phone: string; due_at: Date }>(
      `SELECT phone, due_at FROM outbox WHERE campaign_id = $1 AND status = 'queued' AND due_at IS NOT NULL ORDER BY phone`, [b]);
    expect((await held()).map((h) => h.due_at.getTime())).to.deep.equal(Array(5).fill(clock.now().getTime() + 60_000));
    // A's first two fail (reached nobody), the rest are sent.
    await markFailed(t.db, clock, aRows.slice(0, 2).map((r) => ({ id: r.id, reason: 'boom' })));
    await markSent(t.db, clock, [...aRows.slice(2), ...first!.rows.filter((r) => r.campaignId === b)].map((r) => r.id));
    expect(await claim(), 'still held').to.equal(undefined);
    clock.advance(61_000);
    const again = await claim();
    // The two numbers A failed are sent now; the three A reached wait for the whole cap, from A's claim.
    expect(again!.rows.map((r) => r.phone).sort()).to.deep.equal(aRows.slice(0, 2).map((r) => r.phone).sort());
    const claimedAt = (await t.db.one<{ t: Date }>('SELECT max(claimed_at) AS t FROM outbox WHERE campaign_id = $1', [a]))!.t;
    expect((await held()).map((h) => h.due_at.getTime())).to.deep.equal(Array(3).fill(claimedAt.getTime() + 24 * H));
    clock.advance(-61_000);
  });

  it('counts per channel: a number an SMS campaign reached does not hold a WhatsApp campaign back', async () => {
    const { a, b, claim } = await twoCampaigns();
    await t.db.exec(`UPDATE campaigns SET status = 'paused' WHERE id = $1`, [b]);
    await t.db.exec(`UPDATE outbox SET channel = 'sms', status = 'sent', claimed_at = $2, sent_at = $2 WHERE campaign_id = $1`, [a, clock.now()]);
    await t.db.exec(`UPDATE campaigns SET status = 'running' WHERE id = $1`, [b]);
    expect((await claim())!.rows.filter((r) => r.campaignId === b)).to.have.length(8);
  });

  it('a plan with contact_cap_hours 0 has no cap, and another account\'s campaigns never count', async () => {
    const off = await twoCampaigns({ contact_cap_hours: 0 });
    expect((await off.claim())!.rows).to.have.length(13);
    // The same numbers in another account (cap on) are sent at once.
    const other = await twoCampaigns();
    await t.db.exec(`UPDATE outbox SET phone = replace(phone, $2, $3) WHERE account_id = $1`, [other.accountId, other.prefix, off.prefix]);
    expect((await other.claim())!.rows.filter((r) => r.campaignId === other.b)).to.have.length(3);
  });

  it('finds "skip recent" in English, Turkish and Roman Urdu launch messages', () => {
    expect(findCapSkip('eid skip recent')).to.deep.equal({ rest: 'eid' });
    expect(findCapSkip('eid tomorrow 9am and skip recently reached numbers')).to.deep.equal({ rest: 'eid tomorrow 9am' });
    expect(findCapSkip('eid yakın zamanda alanları atla')).to.deep.equal({ rest: 'eid' });
    expect(findCapSkip("eid'i son 24 saatte alanları atlayarak")).to.deep.equal({ rest: "eid'i" });
    expect(findCapSkip('eid recent walon ko chhor kar')).to.deep.equal({ rest: 'eid' });
    expect(findCapSkip('eid')).to.equal(undefined);
    expect(findCapSkip('recent arrivals')).to.equal(undefined);
  });

  describe('by chat', () => {
    let w: World;
    before(async () => { w = await createWorld(t.db); });

    async function ready(language?: 'tr' | 'ur') {
      const acc = await makeWorldAccount(t.db, { credits: 1000, plan: { min_campaign_size: 1 }, acceptTerms: true, language });
      if (language) await t.db.exec('UPDATE members SET language = $2 WHERE id = $1', [acc.ownerId, language]);
      const list = await createList(w.ctx, acc.accountId, 'vip');
      await fillList(t.db, list.id, 4, Math.floor(Math.random() * 1e7));
      for (const name of ['eid', 'sale']) {
        await createCampaign(w.ctx, acc.accountId, { name, listName: 'vip', body: 'Salam {{name|friend}}' });
        const demo = await prepareDemo(w.ctx, acc.accountId, name, acc.ownerPhone);
        await markDemoSent(w.ctx, demo.campaignId, demo.bodyHash);
      }
      const sender = await makeWorldSender(t.db, acc.accountId, { pacingMs: [0, 0] });
      return { ...acc, sender };
    }

    it('"launch NAME" says recently reached numbers wait; "launch NAME skip recent" skips them and status counts them', async () => {
      w.clock.set(new Date('2026-03-02T07:00:00Z'));
      const acc = await ready();
      const ask = (await w.send(acc.ownerPhone, 'launch eid')).join('\n');
      expect(ask).to.include('reached in the last 24 h wait').and.include('*launch eid skip recent*');
      expect((await w.send(acc.ownerPhone, `yes ${code(ask)}`)).join('\n')).to.include('is running');
      const sent = await claimForSender(t.db, w.ctx.config, w.clock, acc.sender);
      await markSent(t.db, w.clock, sent!.rows.map((r) => r.id));
      const ask2 = (await w.send(acc.ownerPhone, 'launch sale skip recent')).join('\n');
      expect(ask2).to.include('are skipped and not charged');
      expect((await w.send(acc.ownerPhone, `yes ${code(ask2)}`)).join('\n')).to.include('is running');
      const mode = await t.db.query<{ name: string; contact_cap_mode: string }>(
        'SELECT name, contact_cap_mode FROM campaigns WHERE account_id = $1 ORDER BY name', [acc.accountId]);
      expect(mode.map((m) => m.contact_cap_mode)).to.deep.equal(['wait', 'skip']);
      await t.db.exec('UPDATE sender_sessions SET next_send_at = $2 WHERE id = $1', [acc.sender, w.clock.now()]);
      expect(await claimForSender(t.db, w.ctx.config, w.clock, acc.sender)).to.equal(undefined);
      const status = (await w.send(acc.ownerPhone, 'status sale')).join('\n');
      expect(status).to.include('Skipped (had another campaign message recently, not charged): 4');
    });

    it('Turkish and Roman Urdu owners are asked in their language and can choose skip', async () => {
      w.clock.set(new Date('2026-03-02T07:00:00Z'));
      const tr = await ready('tr');
      const askTr = (await w.send(tr.ownerPhone, 'başlat eid yakın zamanda alanları atla')).join('\n');
      expect(askTr).to.include('atlanır, ücret alınmaz');
      const ur = await ready('ur');
      const askUr = (await w.send(ur.ownerPhone, 'eid recent walon ko chhor kar chalao')).join('\n');
      expect(askUr).to.include('chhor diye jayenge');
      const askUrWait = (await w.send(ur.ownerPhone, 'sale chalao')).join('\n');
      expect(askUrWait).to.include('intezar karenge');
    });
  });
});
