// Scheduled starts and sending windows, through the chat on a real database: the confirmation
// shows the resolved local time, every launch check runs when scheduling and again at the start,
// a start happens once with two processes (two Bree schedulers running the compiled job), a refused
// start tells its owner why in their language and touches nothing else, and the claim keeps a
// campaign to its own sending window.
import { expect } from 'chai';
import { systemClock } from '../../src/clock.js';
import { createCampaign, markDemoSent, prepareDemo, updateCampaignText } from '../../src/campaigns/campaigns.js';
import { startDueSchedules } from '../../src/campaigns/schedule.js';
import { createList } from '../../src/contacts/lists.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { startScheduler } from '../../src/scheduler.js';
import { silentLog, useTestDb } from '../helpers/pg.js';
import { waitFor } from '../helpers/wait-for.js';
import { fillList, makeAccount, makeSender } from '../helpers/world.js';
import { createWorld, type World } from '../router/router-world.js';

const code = (reply: string) => /\*(?:YES|EVET|HAAN) (\d{6})\*/.exec(reply)?.[1] ?? '';

describe('scheduled campaign starts and sending windows', function () {
  this.timeout(60_000);
  const t = useTestDb();
  let w: World;

  before(async () => { w = await createWorld(t.db); });
  // The world's clock: Monday 2 March 2026, 09:00 UTC (14:00 in Karachi, 12:00 in Istanbul).
  beforeEach(() => { w.clock.set(new Date('2026-03-02T09:00:00Z')); });

  async function ready(opts: { credits?: number; zone?: string; language?: 'en' | 'tr' | 'ur'; contacts?: number; name?: string } = {}) {
    const a = await makeAccount(t.db, { credits: opts.credits ?? 1000, plan: { min_campaign_size: 1 }, acceptTerms: true, language: opts.language });
    if (opts.zone) await t.db.exec('UPDATE accounts SET timezone = $2 WHERE id = $1', [a.accountId, opts.zone]);
    if (opts.language) await t.db.exec('UPDATE members SET language = $2 WHERE id = $1', [a.ownerId, opts.language]);
    const list = await createList(w.ctx, a.accountId, 'vip');
    await fillList(t.db, list.id, opts.contacts ?? 5, Math.floor(Math.random() * 1e7));
    const name = opts.name ?? 'eid';
    await createCampaign(w.ctx, a.accountId, { name, listName: 'vip', body: 'Salam {{name|friend}}, new stock' });
    const demo = await prepareDemo(w.ctx, a.accountId, name, a.ownerPhone);
    await markDemoSent(w.ctx, demo.campaignId, demo.bodyHash);
    const sender = await makeSender(t.db, a.accountId);
    return { ...a, phone: a.ownerPhone, campaignId: demo.campaignId, sender };
  }
  const campaign = (id: number) => t.db.one<{ status: string; scheduled_at: Date | null; window_start_minute: number | null; window_end_minute: number | null }>(
    'SELECT status, scheduled_at, window_start_minute, window_end_minute FROM campaigns WHERE id = $1', [id]);
  const outboxCount = async (id: number) => (await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1', [id]))!.n;

  it('English: the confirmation shows the resolved local date and time; campaigns and status show the schedule', async () => {
    const a = await ready();
    const ask = (await w.send(a.phone, 'launch eid tomorrow 9am')).join('\n');
    expect(ask).to.include('Starts: Tuesday 03.03.2026 09:00 (Asia/Karachi)');
    const done = (await w.send(a.phone, `yes ${code(ask)}`)).join('\n');
    expect(done).to.include('will start Tuesday 03.03.2026 09:00 (Asia/Karachi)');
    const c = (await campaign(a.campaignId))!;
    expect(c.scheduled_at!.toISOString()).to.equal('2026-03-03T04:00:00.000Z');
    expect(c.status).to.equal('demo_sent');
    expect(await outboxCount(a.campaignId)).to.equal(0);
    // A campaign not launched yet shows its list's size (what a launch would reach now).
    expect((await w.send(a.phone, 'campaigns')).join('\n')).to.match(/eid \(demo sent, not launched yet\) — list vip, [1-9][\d,]* recipients — starts Tuesday 03\.03\.2026 09:00/);
    expect((await w.send(a.phone, 'status eid')).join('\n')).to.include('Scheduled start: Tuesday 03.03.2026 09:00 (Asia/Karachi)');
  });

  it('Turkish and Roman Urdu forms, in Istanbul and Karachi time, with the weekday in the owner\'s language', async () => {
    const tr = await ready({ zone: 'Europe/Istanbul', language: 'tr' });
    const askTr = (await w.send(tr.phone, "eid'i cuma 10:00'da başlat")).join('\n');
    expect(askTr).to.include('Başlangıç: Cuma 06.03.2026 10:00 (Europe/Istanbul)');
    expect((await w.send(tr.phone, `evet ${code(askTr)}`)).join('\n')).to.include('Cuma 06.03.2026 10:00');
    expect((await campaign(tr.campaignId))!.scheduled_at!.toISOString()).to.equal('2026-03-06T07:00:00.000Z');

    const ur = await ready({ language: 'ur' });
    const askUr = (await w.send(ur.phone, 'eid jumma ko 10 baje chalao')).join('\n');
    expect(askUr).to.include('Shuru hogi: Jumma 06.03.2026 10:00 (Asia/Karachi)');
    expect((await w.send(ur.phone, `haan ${code(askUr)}`)).join('\n')).to.include('Jumma 06.03.2026 10:00 (Asia/Karachi) ko shuru hogi');
    expect((await campaign(ur.campaignId))!.scheduled_at!.toISOString()).to.equal('2026-03-06T05:00:00.000Z');
  });

  it('"launch jumma tomorrow at 9am" schedules the campaign named jumma; "schedule eid for friday 10am" schedules, never pauses', async () => {
    const a = await ready({ name: 'jumma' });
    const ask = (await w.send(a.phone, 'launch jumma tomorrow at 9am')).join('\n');
    expect(ask).to.include('Launch "jumma"?');
    expect(ask).to.include('Tuesday 03.03.2026 09:00');
    const b = await ready();
    const ask2 = (await w.send(b.phone, 'schedule eid for friday 10am')).join('\n');
    expect(ask2).to.include('Starts: Friday 06.03.2026 10:00');
  });

  it('every launch check runs before a schedule is offered; a day without a time, or a time past, is asked again', async () => {
    const poor = await ready({ credits: 2 });
    const r1 = (await w.send(poor.phone, 'launch eid tomorrow 9am')).join('\n');
    expect(r1).to.include('needs 5 credits and 2 are available');
    expect(code(r1)).to.equal('');
    const a = await ready();
    await updateCampaignText(w.ctx, a.accountId, 'eid', 'A new text');
    expect((await w.send(a.phone, 'launch eid friday 10:00')).join('\n')).to.include('Send a demo of "eid" first');
    const b = await ready();
    expect((await w.send(b.phone, 'launch eid tomorrow')).join('\n')).to.include('At what time should "eid" start?');
    expect((await w.send(b.phone, 'launch eid 1.1 10:00')).join('\n')).to.include('Starts: Friday 01.01.2027 10:00');
    expect((await campaign(b.campaignId))!.scheduled_at).to.equal(null);
  });

  it('"now", and a campaign name made of day or month words, launch now: no schedule is read into them', async () => {
    const a = await ready({ name: 'black friday' });
    const ask = (await w.send(a.phone, 'launch black friday')).join('\n');
    expect(ask).to.include('Launch "black friday"?');
    expect(ask).to.not.include('Starts:');
    expect((await w.send(a.phone, `yes ${code(ask)}`)).join('\n')).to.include('is running');
    const b = await ready();
    const now = (await w.send(b.phone, 'launch eid now')).join('\n');
    expect(now).to.not.include('Starts:');
    expect((await w.send(b.phone, `yes ${code(now)}`)).join('\n')).to.include('is running');
  });

  it('reschedule moves the start; unschedule removes it and nothing starts', async () => {
    const a = await ready();
    const ask = (await w.send(a.phone, 'launch eid at 21:00')).join('\n');
    await w.send(a.phone, `yes ${code(ask)}`);
    const again = (await w.send(a.phone, 'launch eid wednesday 11am')).join('\n');
    const moved = (await w.send(a.phone, `yes ${code(again)}`)).join('\n');
    expect(moved).to.include('now starts Wednesday 04.03.2026 11:00 (Asia/Karachi) (was Monday 02.03.2026 21:00');
    expect((await w.send(a.phone, 'unschedule eid')).join('\n')).to.include('is removed; it will not start by itself');
    expect((await campaign(a.campaignId))!.scheduled_at).to.equal(null);
    w.clock.set(new Date('2026-03-05T00:00:00Z'));
    expect((await startDueSchedules(w.ctx)).filter((o) => o.accountId === a.accountId)).to.deep.equal([]);
    expect((await w.send(a.phone, 'unschedule eid')).join('\n')).to.include('has no scheduled start');
  });

  it('a refused start (credits spent meanwhile) tells the owner why in their language and pauses nothing else', async () => {
    const a = await ready({ credits: 8, language: 'ur' });
    // Another campaign of the account is running: the refused start must leave it alone.
    await createCampaign(w.ctx, a.accountId, { name: 'promo', listName: 'vip', body: 'Promo' });
    const ask = (await w.send(a.phone, 'eid kal subah 9 baje chalao')).join('\n');
    await w.send(a.phone, `haan ${code(ask)}`);
    await t.db.exec(`UPDATE campaigns SET status = 'running' WHERE account_id = $1 AND name = 'promo'`, [a.accountId]);
    // The price per message went up meanwhile: 5 recipients now need 50 credits.
    await t.db.exec('UPDATE plans SET credits_per_message = 10 WHERE id = (SELECT plan_id FROM accounts WHERE id = $1)', [a.accountId]);
    const notices: Array<{ to: string; text: string }> = [];
    w.clock.set(new Date('2026-03-03T04:00:01Z'));
    const out = (await startDueSchedules(w.ctx, async (to, text) => { if (to === a.phone) notices.push({ to, text }); })).filter((o) => o.accountId === a.accountId);
    expect(out).to.have.length(1);
    expect('refused' in out[0]!).to.equal(true);
    expect(notices).to.have.length(1);
    expect(notices[0]!.to).to.equal(a.phone);
    expect(notices[0]!.text).to.include('"eid" campaign apne schedule par shuru nahi hui');
    expect(notices[0]!.text).to.include('credits chahiye');
    const c = (await campaign(a.campaignId))!;
    expect(c.status).to.equal('demo_sent');
    expect(c.scheduled_at).to.equal(null);
    expect((await t.db.one<{ status: string }>(`SELECT status FROM campaigns WHERE account_id = $1 AND name = 'promo'`, [a.accountId]))!.status).to.equal('running');
  });

  it('starts exactly once with two processes running the compiled job, and survives a restart (the schedule is a row)', async () => {
    const a = await ready({ contacts: 7 });
    const ask = (await w.send(a.phone, 'launch eid tomorrow 9am')).join('\n');
    await w.send(a.phone, `yes ${code(ask)}`);
    // "Restart": a new process sees the stored schedule; it is due now in real time.
    await t.db.exec(`UPDATE campaigns SET scheduled_at = now() - interval '1 second' WHERE id = $1`, [a.campaignId]);
    const notices: string[] = [];
    const config = { ...w.ctx.config, databaseUrl: t.url, sendTickMs: 100_000 };
    const ctx = { config, db: t.db, log: silentLog, clock: systemClock };
    const deps = () => ({
      sessions: { channel: () => undefined, ownedSessionIds: () => [] as number[] },
      sendWhatsApp: async (_to: string, text: string) => { notices.push(text); },
      timing: { 'start-scheduled': { firstRunMs: 0, intervalMs: 50 } },
    });
    const [s1, s2] = await Promise.all([startScheduler(ctx, deps()), startScheduler(ctx, deps())]);
    try {
      await waitFor(async () => (await campaign(a.campaignId))!.status === 'running', 'scheduled start', 20_000, 100);
      await new Promise((r) => setTimeout(r, 500));
    } finally {
      await Promise.all([s1.stop(), s2.stop()]);
    }
    expect(await outboxCount(a.campaignId)).to.equal(7);
    expect((await campaign(a.campaignId))!.scheduled_at).to.equal(null);
    const ledger = await t.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM credit_ledger WHERE campaign_id = $1 AND kind = 'reserve'`, [a.campaignId]);
    expect(ledger!.n).to.equal(1);
    expect(notices.filter((n) => n.includes('started as scheduled'))).to.have.length(1);
  });

  it('"only between 10:00 and 20:00": the claim sends inside the window, in the account\'s time zone, and waits outside it', async () => {
    const a = await ready();
    const ask = (await w.send(a.phone, 'launch eid only between 10:00 and 20:00')).join('\n');
    expect(ask).to.include('Sends only between 10:00–20:00 (Asia/Karachi)');
    expect((await w.send(a.phone, `yes ${code(ask)}`)).join('\n')).to.include('is running');
    const c = (await campaign(a.campaignId))!;
    expect([c.window_start_minute, c.window_end_minute]).to.deep.equal([600, 1200]);
    expect((await w.send(a.phone, 'status eid')).join('\n')).to.include('Sends only between 10:00–20:00');
    // 21:00 in Karachi: outside the window, nothing is claimed.
    w.clock.set(new Date('2026-03-02T16:00:00Z'));
    expect(await claimForSender(t.db, w.ctx.config, w.clock, a.sender)).to.equal(undefined);
    // 10:30 the next morning: inside.
    w.clock.set(new Date('2026-03-03T05:30:00Z'));
    const batch = await claimForSender(t.db, w.ctx.config, w.clock, a.sender);
    expect(batch?.rows.length).to.be.greaterThan(0);
  });

  it('Roman Urdu and Turkish windows: "sirf 10 se 8 baje tak" is 10:00–20:00, "sadece 09:00 ile 18:00 arası"', async () => {
    const ur = await ready({ language: 'ur' });
    const askUr = (await w.send(ur.phone, 'eid kal subah 10 baje sirf 10 se 8 baje tak chalao')).join('\n');
    expect(askUr).to.include('Sirf 10:00–20:00 ke darmiyan');
    expect(askUr).to.include('Mangal 03.03.2026 10:00');
    const tr = await ready({ language: 'tr', zone: 'Europe/Istanbul' });
    const askTr = (await w.send(tr.phone, "eid'i yarın 9'da sadece 09:00 ile 18:00 arası başlat")).join('\n');
    expect(askTr).to.include('Yalnızca 09:00–18:00 arasında');
    expect(askTr).to.include('Salı 03.03.2026 09:00');
  });
});
