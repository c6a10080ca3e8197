// Issue 16 items 1 and 6: the channel chosen in chat (three languages), and WhatsApp-then-SMS:
// a number WhatsApp reports as not registered gets the SMS instead, never both, its credit
// re-reserved at the SMS price; without the fallback it is skipped as before.
import { expect } from 'chai';
import { FakeClock } from '../../src/clock.js';
import { campaignStats } from '../../src/campaigns/stats.js';
import { ChannelSandbox } from '../../src/channels/channel-sandbox.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import type { Channel } from '../../src/gateway/channel.js';
import { SandboxChannel } from '../../src/gateway/sandbox-channel.js';
import { getBalance, reserve } from '../../src/credits.js';
import { silentLog, useTestDb } from '../helpers/pg.js';
import { makeAccount, makeSender, testCtx } from '../helpers/world.js';
import { createWorld, fileMedia } from '../router/router-world.js';

describe('channels in chat, and the SMS fallback', () => {
  const t = useTestDb();

  it('create campaign … by sms / by email: SUBJECT | TEXT / with sms fallback, in English, Turkish and Urdu', async () => {
    const w = await createWorld(t.db);
    const { phone, accountId } = await w.newAccount({ credits: 100 });
    await w.send(phone, 'create list vip');
    await w.send(phone, 'upload contacts to vip\n03001234567\n03011234567');
    const sms = await w.send(phone, 'create campaign eid for vip by sms: Eid Mubarak {{name|friend}}!');
    expect(sms.join('\n')).to.match(/Channel: SMS, 1 part/);
    const mail = await w.send(phone, 'create campaign spring for vip by email: Spring sale | New season, 20% off');
    expect(mail.join('\n')).to.match(/subject "Spring sale"/);
    const fb = await w.send(phone, 'create campaign jumma for vip with sms fallback: Jumma sale');
    expect(fb.join('\n')).to.match(/by SMS instead/);
    const noSubject = await w.send(phone, 'create campaign nosub for vip by email: no bar here');
    expect(noSubject.join('\n')).to.match(/needs a subject/);
    await t.db.exec(`UPDATE members SET language = 'tr' WHERE phone = $1`, [phone]);
    await w.send(phone, 'kampanya oluştur bayram vip sms ile: Bayramınız kutlu olsun');
    await t.db.exec(`UPDATE members SET language = 'ur' WHERE phone = $1`, [phone]);
    await w.send(phone, 'campaign banao sale vip email se: Sale | Aaj sale hai');
    const rows = await t.db.query<{ name: string; channel: string; subject: string | null; body: string; sms_fallback: string }>(
      `SELECT name, channel, subject, body, sms_fallback FROM campaigns WHERE account_id = $1 ORDER BY id`, [accountId]);
    expect(rows.map((r) => [r.name, r.channel, r.subject, r.sms_fallback])).to.deep.equal([
      ['eid', 'sms', null, 'none'], ['spring', 'email', 'Spring sale', 'none'], ['jumma', 'whatsapp', null, 'not_registered'],
      ['bayram', 'sms', null, 'none'], ['sale', 'email', 'Sale', 'none'],
    ]);
    expect(rows[1]!.body).to.equal('New season, 20% off');
  });

  it('a contact file with an e-mail column: addresses validated, lower-cased, each once per list, not a variable', async () => {
    const w = await createWorld(t.db);
    const { phone, accountId } = await w.newAccount({ credits: 100 });
    await w.send(phone, 'create list mail');
    const csv = 'phone,name,E-mail,city\n03001234567,Ali,Ali@Example.com,Lahore\n03011234567,Bo,ali@example.com,Multan\n03021234567,Cy,not-an-address,Karachi\n03031234567,Di,,Quetta\n';
    await w.send(phone, 'upload contacts to mail', { media: fileMedia('contacts.csv', csv, 'document', 'text/csv') });
    const rows = await t.db.query<{ name: string; email: string | null; variables: Record<string, string> }>(
      `SELECT c.name, c.email, c.variables FROM contacts c JOIN contact_lists l ON l.id = c.list_id WHERE l.account_id = $1 ORDER BY c.phone`, [accountId]);
    expect(rows.map((r) => [r.name, r.email])).to.deep.equal([['Ali', 'ali@example.com'], ['Bo', null], ['Cy', null], ['Di', null]]);
    expect(rows[0]!.variables).to.deep.equal({ city: 'Lahore' });
  });

  it('numbers not on WhatsApp get one SMS instead (never both), at the SMS price; the others get WhatsApp', async () => {
    const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
    const ctx = testCtx(t.db, { SANDBOX_NOT_ON_WHATSAPP: '+92345' }, clock);
    const { accountId } = await makeAccount(t.db, { credits: 100, plan: { sms_credits_per_part: 2 } });
    const wa = await makeSender(t.db, accountId);
    const smsSid = await makeSender(t.db, accountId, { extra: { channel: 'sms' } });
    const phones = ['+923001000001', '+923001000002', '+923451000003', '+923451000004'];
    const c = await t.db.one<{ id: number }>(
      `INSERT INTO campaigns (account_id, name, body, status, launched_at, recipients, credits_reserved, sms_fallback)
       VALUES ($1, 'fb', 'Hi', 'running', now(), 4, 4, 'not_registered') RETURNING id`, [accountId]);
    await t.db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, body, credits) SELECT $1, $2, p, 'Hi', 1 FROM unnest($3::text[]) p`, [c!.id, accountId, phones]);
    await reserve(t.db, accountId, 4, c!.id);

    const waCh = new SandboxChannel({ sessionId: wa, db: t.db, log: silentLog, deliveredMs: 600_000, readMs: -1, failureRate: 0, notOnWhatsApp: ['+92345'] });
    const smsCh = new ChannelSandbox(ctx, { sessionId: smsSid, kind: 'sms', deliveredMs: 600_000, failureRate: 0 });
    await waCh.connect(); await smsCh.connect();
    const chans = new Map<number, Channel>([[wa, waCh], [smsSid, smsCh]]);
    const d = new Dispatcher(ctx, { channel: (id: number) => chans.get(id), ownedSessionIds: () => [wa, smsSid] } as never);
    for (let i = 0; i < 6; i++) {
      for (const sid of [wa, smsSid]) {
        const b = await claimForSender(t.db, ctx.config, clock, sid);
        if (b) await d.dispatch(b);
        await t.db.exec(`UPDATE sender_sessions SET next_send_at = '2000-01-01'`);
      }
    }
    await waCh.close(); await smsCh.close();

    const rows = await t.db.query<{ phone: string; channel: string; status: string; fallback_reason: string | null }>(
      `SELECT phone, channel, status, fallback_reason FROM outbox WHERE campaign_id = $1 ORDER BY phone`, [c!.id]);
    expect(rows.map((r) => [r.phone, r.channel, r.status])).to.deep.equal([
      ['+923001000001', 'whatsapp', 'sent'], ['+923001000002', 'whatsapp', 'sent'], ['+923451000003', 'sms', 'sent'], ['+923451000004', 'sms', 'sent'],
    ]);
    const sandbox = await t.db.query<{ to_phone: string; channel: string }>(`SELECT to_phone, channel FROM sandbox_messages WHERE direction = 'out' ORDER BY to_phone`);
    expect(sandbox.map((s) => `${s.channel} ${s.to_phone}`)).to.deep.equal([
      'whatsapp +923001000001', 'whatsapp +923001000002', 'sms +923451000003', 'sms +923451000004']);
    // 2 WhatsApp × 1 + 2 SMS × 2 credits.
    expect(await getBalance(t.db, accountId)).to.deep.equal({ available: 94, reserved: 0 });
    expect((await t.db.one<{ status: string }>('SELECT status FROM campaigns WHERE id = $1', [c!.id]))!.status).to.equal('completed');
    const stats = await campaignStats(ctx, c!.id);
    expect(stats.byChannel.whatsapp!.sent).to.equal(2);
    expect(stats.byChannel.sms!.sent).to.equal(2);
  });
});
