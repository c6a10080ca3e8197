// Issue 16 items 1, 2 and 5: `with sms fallback on failure` — WhatsApp sends that failed (a send
// WhatsApp refused, a failed receipt after sending) go by SMS instead, once, through a real HTTP
// SMS provider on localhost; `with sms fallback` alone still means numbers not on WhatsApp only.
// The provider's status callback (authenticated by its secret path) moves the SMS rows to
// delivered / failed with the reason; credits balance; webhooks fire for SMS rows as for WhatsApp.
import { expect } from 'chai';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { SYSTEM } from '../../src/audit.js';
import { FakeClock } from '../../src/clock.js';
import { HttpSmsChannel } from '../../src/channels/sms/http-sms-channel.js';
import { createConsoleApp } from '../../src/console/app.js';
import { findLedgerViolations, getBalance, reserve } from '../../src/credits.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import { applyReceipt } from '../../src/dispatch/receipts.js';
import { PermanentFailureError, type Channel, type OutgoingContent, type SendOptions, type SendResult } from '../../src/gateway/channel.js';
import { SandboxChannel } from '../../src/gateway/sandbox-channel.js';
import { createWebhookEndpoint } from '../../src/webhooks/endpoints.js';
import { silentLog, useTestDb } from '../helpers/pg.js';
import { makeAccount, makeSender, testCtx } from '../helpers/world.js';
import { createWorld } from '../router/router-world.js';

const TOKEN = 'cb-secret-0123456789abcdef';

/** WhatsApp refuses sends to the numbers given (an error before anything went out). */
class RefusingSandbox extends SandboxChannel {
  constructor(opts: ConstructorParameters<typeof SandboxChannel>[0], private readonly refuse: Set<string>) { super(opts); }
  override async send(to: string, content: OutgoingContent, opts?: SendOptions): Promise<SendResult> {
    if (this.refuse.has(to)) throw new PermanentFailureError('WhatsApp refused the message (simulated)');
    return super.send(to, content, opts);
  }
}

async function startSmsProvider(): Promise<{ url: string; requests: Array<{ to: string; msg: string }>; close(): Promise<void> }> {
  const requests: Array<{ to: string; msg: string }> = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => { requests.push(JSON.parse(body)); res.writeHead(200, { 'content-type': 'text/plain' }).end(`00 P${1000 + requests.length}`); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

describe('SMS fallback for WhatsApp sends that failed, and the SMS provider status callback', () => {
  const t = useTestDb();

  it('chat: `with sms fallback on failure` in English, Turkish and Urdu; `with sms fallback` stays not-registered only', async () => {
    const w = await createWorld(t.db);
    const { phone, accountId } = await w.newAccount({ credits: 100 });
    await w.send(phone, 'create list vip');
    await w.send(phone, 'upload contacts to vip\n03001234567');
    expect((await w.send(phone, 'create campaign flash for vip with sms fallback on failure: Sale')).join('\n')).to.match(/WhatsApp sends that fail/);
    expect((await w.send(phone, 'create campaign jumma for vip with sms fallback: Sale')).join('\n')).to.match(/Numbers not on WhatsApp get it by SMS/);
    await t.db.exec(`UPDATE members SET language = 'tr' WHERE phone = $1`, [phone]);
    expect((await w.send(phone, 'kampanya oluştur indirim vip sms yedekli başarısızsa: İndirim')).join('\n')).to.match(/başarısız olanlar/);
    await t.db.exec(`UPDATE members SET language = 'ur' WHERE phone = $1`, [phone]);
    expect((await w.send(phone, 'campaign banao mela vip sms fallback ke saath fail par: Sale')).join('\n')).to.match(/fail ho/);
    const rows = await t.db.query<{ name: string; sms_fallback: string }>('SELECT name, sms_fallback FROM campaigns WHERE account_id = $1 ORDER BY id', [accountId]);
    expect(rows.map((r) => [r.name, r.sms_fallback])).to.deep.equal([
      ['flash', 'not_registered_or_failed'], ['jumma', 'not_registered'], ['indirim', 'not_registered_or_failed'], ['mela', 'not_registered_or_failed']]);
  });

  it('failed WhatsApp sends go by SMS once (only where chosen); callbacks settle the SMS rows; credits balance; webhooks per channel', async () => {
    const provider = await startSmsProvider();
    try {
      const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
      const ctx = testCtx(t.db, {
        SANDBOX_NOT_ON_WHATSAPP: '+92345', SMS_CALLBACK_TOKEN: TOKEN, ENCRYPTION_KEY: 'a'.repeat(64), WEBHOOK_ALLOW_PRIVATE: 'true',
        SMS_HTTP_URL: provider.url, SMS_HTTP_BODY: '{"to":"{{to}}","msg":"{{text}}"}', SMS_HTTP_SUCCESS: '^200 00 ', SMS_HTTP_MESSAGE_ID: '^00 (P\\d+)',
        SMS_CALLBACK_STATUS_FIELD: 'durum', SMS_CALLBACK_ID_FIELD: 'msgid', SMS_CALLBACK_REASON_FIELD: 'aciklama',
      }, clock);
      const { accountId } = await makeAccount(t.db, { credits: 100, plan: { sms_credits_per_part: 2 } });
      await createWebhookEndpoint(ctx, accountId, { url: 'http://127.0.0.1:9/hook', events: ['message.sent', 'message.delivered', 'message.failed'] }, SYSTEM);
      const wa = await makeSender(t.db, accountId);
      const smsSid = await makeSender(t.db, accountId, { extra: { channel: 'sms' } });
      await t.db.exec(`UPDATE sender_sessions SET transport = 'sms_http' WHERE id = $1`, [smsSid]);
      const [A, B, C, D, E] = ['+923001000001', '+923001000002', '+923001000003', '+923451000004', '+923001000005'];
      const campaign = async (name: string, fallback: string, phones: string[]): Promise<number> => {
        const c = await t.db.one<{ id: number }>(
          `INSERT INTO campaigns (account_id, name, body, status, launched_at, recipients, credits_reserved, sms_fallback)
           VALUES ($1, $2, 'Hi', 'running', now(), $3, $3, $4) RETURNING id`, [accountId, name, phones.length, fallback]);
        await t.db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, body, credits) SELECT $1, $2, p, 'Hi', 1 FROM unnest($3::text[]) p`, [c!.id, accountId, phones]);
        await reserve(t.db, accountId, phones.length, c!.id);
        return c!.id;
      };
      const onFailure = await campaign('fof', 'not_registered_or_failed', [A, B, C, D]);
      const notRegisteredOnly = await campaign('fb', 'not_registered', [E]);

      const waCh = new RefusingSandbox({ sessionId: wa, db: t.db, log: silentLog, deliveredMs: -1, readMs: -1, failureRate: 0, notOnWhatsApp: ['+92345'] }, new Set([B, E]));
      const smsCh = new HttpSmsChannel(ctx, { sessionId: smsSid, ...ctx.config.channels.smsHttp, url: provider.url });
      await waCh.connect(); await smsCh.connect();
      const chans = new Map<number, Channel>([[wa, waCh], [smsSid, smsCh]]);
      const d = new Dispatcher(ctx, { channel: (id: number) => chans.get(id), ownedSessionIds: () => [wa, smsSid] } as never);
      const drain = async (sid: number): Promise<void> => {
        for (let i = 0; i < 10; i++) {
          await t.db.exec(`UPDATE sender_sessions SET next_send_at = '2000-01-01'`);
          const b = await claimForSender(t.db, ctx.config, clock, sid);
          if (!b) return;
          await d.dispatch(b);
        }
      };
      await drain(wa);
      // WhatsApp took C, then reported it failed: it goes by SMS too (it never reached the phone).
      const cRow = await t.db.one<{ wa_message_id: string }>(`SELECT wa_message_id FROM outbox WHERE phone = $1`, [C]);
      await applyReceipt(ctx, { sessionId: wa, messageId: cRow!.wa_message_id, status: 'failed', reason: 'WhatsApp error 479', at: clock.now() });
      await drain(smsSid);
      await drain(wa);
      await waCh.close(); await smsCh.close();

      // Each recipient once by SMS at most; E's campaign falls back for unregistered numbers only.
      expect(provider.requests.map((r) => r.to).sort()).to.deep.equal([B, C, D]);
      const waOut = await t.db.query<{ to_phone: string }>(`SELECT to_phone FROM sandbox_messages WHERE direction = 'out' ORDER BY to_phone`);
      expect(waOut.map((r) => r.to_phone)).to.deep.equal([A, C]);
      const rows = async () => Object.fromEntries((await t.db.query<{ phone: string; channel: string; status: string; fallback_reason: string | null; reason: string | null }>(
        `SELECT phone, channel, status, fallback_reason, reason FROM outbox ORDER BY phone`)).map((r) => [r.phone, [r.channel, r.status, r.fallback_reason]]));
      expect(await rows()).to.deep.equal({
        [A]: ['whatsapp', 'sent', null], [B]: ['sms', 'sent', 'whatsapp_failed'], [C]: ['sms', 'sent', 'whatsapp_failed'],
        [D]: ['sms', 'sent', 'not_on_whatsapp'], [E]: ['whatsapp', 'failed', null],
      });
      // A 1 + B, C, D 2 each; C's WhatsApp credit came back; E released.
      expect(await getBalance(t.db, accountId)).to.deep.equal({ available: 93, reserved: 0 });

      // The provider's delivery reports: strangers without the secret path get nothing done.
      const app = createConsoleApp(ctx);
      const ids = Object.fromEntries((await t.db.query<{ phone: string; provider_id: string }>(
        `SELECT o.phone, p.provider_id FROM provider_message_ids p JOIN outbox o ON o.wa_message_id = p.message_id`)).map((r) => [r.phone, r.provider_id]));
      const forged = await request(app).get(`/hooks/sms/${'x'.repeat(TOKEN.length)}`).query({ msgid: ids[B], durum: 'DELIVRD' });
      expect(forged.status).to.equal(404);
      expect((await request(app).post('/hooks/sms/short').send({ msgid: ids[C], durum: 'UNDELIV' })).status).to.equal(404);
      expect((await rows())[B]![1]).to.equal('sent');
      const ok = await request(app).get(`/hooks/sms/${TOKEN}`).query({ msgid: ids[B], durum: 'DELIVRD' });
      expect([ok.status, ok.body.outcome]).to.deep.equal([200, 'delivered']);
      const bad = await request(app).post(`/hooks/sms/${TOKEN}`).type('form').send({ msgid: ids[C], durum: 'UNDELIV', aciklama: 'absent subscriber' });
      expect([bad.status, bad.body.outcome]).to.deep.equal([200, 'failed']);
      const json = await request(app).post(`/hooks/sms/${TOKEN}`).send({ msgid: ids[D], durum: 'ENROUTE' });
      expect(json.body.outcome).to.equal('ignored');
      expect((await request(app).get(`/hooks/sms/${TOKEN}`).query({ msgid: 'P999999', durum: 'DELIVRD' })).body.outcome).to.equal('unknown_message');
      const after = await t.db.query<{ phone: string; status: string; reason: string | null }>(`SELECT phone, status, reason FROM outbox WHERE phone = ANY($1) ORDER BY phone`, [[B, C, D]]);
      expect(after.map((r) => [r.phone, r.status, r.reason])).to.deep.equal([[B, 'delivered', null], [C, 'failed', 'SMS provider: absent subscriber'], [D, 'sent', null]]);
      // C's SMS failed after sending: its 2 credits come back too.
      expect(await getBalance(t.db, accountId)).to.deep.equal({ available: 95, reserved: 0 });
      expect(await findLedgerViolations(t.db)).to.deep.equal([]);
      const statuses = await t.db.query<{ id: number; status: string }>('SELECT id, status FROM campaigns WHERE id = ANY($1) ORDER BY id', [[onFailure, notRegisteredOnly]]);
      expect(statuses.map((s) => s.status)).to.deep.equal(['completed', 'completed']);

      // Webhooks: the same events for SMS rows as for WhatsApp rows, each naming its channel.
      const events = (await t.db.query<{ type: string; payload: Record<string, string> }>(
        `SELECT type, payload FROM webhook_events WHERE account_id = $1 ORDER BY id`, [accountId])).map((e) => `${e.type} ${e.payload.channel}${e.payload.fallback ? ' → ' + e.payload.fallback : ''}`);
      expect(events.filter((e) => e.startsWith('message.sent')).sort()).to.deep.equal([
        'message.sent sms', 'message.sent sms', 'message.sent sms', 'message.sent whatsapp', 'message.sent whatsapp']);
      expect(events.filter((e) => !e.startsWith('message.sent')).sort()).to.deep.equal([
        'message.delivered sms', 'message.failed sms', 'message.failed whatsapp', 'message.failed whatsapp → sms', 'message.failed whatsapp → sms']);
    } finally {
      await provider.close();
    }
  });
});
