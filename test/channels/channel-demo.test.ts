// Issue 16 item 4: the demo of an SMS campaign reaches the owner's phone as an SMS (through a
// real HTTP SMS provider on localhost), the demo of an e-mail campaign the owner's e-mail
// (through a real SMTP server on localhost); without an e-mail set, a refusal in the owner's
// language that says how to set one; `set email` in English, Turkish and Urdu.
import { expect } from 'chai';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import { sendThroughSession } from '../../src/channels/send-once.js';
import { FakeClock } from '../../src/clock.js';
import type { InboundMessage } from '../../src/gateway/channel.js';
import { createRouter } from '../../src/router/router.js';
import { publishTerms } from '../../src/terms.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, testCtx } from '../helpers/world.js';

interface SmsRequest { url: string; body: string }

async function startSmsProvider(): Promise<{ url: string; requests: SmsRequest[]; close(): Promise<void> }> {
  const requests: SmsRequest[] = [];
  let n = 0;
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d: Buffer) => { body += d.toString(); });
    req.on('end', () => { requests.push({ url: req.url ?? '', body }); res.writeHead(200, { 'content-type': 'text/plain' }).end(`00 ${++n}`); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms/send`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

async function startSmtp(): Promise<{ port: number; received: Array<{ rcpt: string; raw: string }>; close(): Promise<void> }> {
  const received: Array<{ rcpt: string; raw: string }> = [];
  const server = new SMTPServer({
    authOptional: true, logger: false, disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => { raw += d.toString(); });
      stream.on('end', () => { for (const r of session.envelope.rcptTo) received.push({ rcpt: r.address, raw }); cb(); });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.server.address() as AddressInfo).port, received, close: () => new Promise((r) => server.close(() => r())) };
}

describe('demos of SMS and e-mail campaigns go over their channel', () => {
  const t = useTestDb();

  it('SMS demo to the owner\'s phone by SMS, e-mail demo to the owner\'s e-mail; no e-mail set: a refusal saying how (en, tr, ur)', async () => {
    const sms = await startSmsProvider();
    const smtp = await startSmtp();
    try {
      const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
      const ctx = testCtx(t.db, {
        DATA_DIR: path.join(os.tmpdir(), 'wa-chatops-test-data'), COMMAND_RATE_LIMIT: '1000', PUBLIC_URL: 'https://shop.example',
        SMS_HTTP_URL: sms.url, SMS_HTTP_BODY: '{"to":"{{to}}","msg":"{{text}}"}', SMS_HTTP_SUCCESS: '^200 00 ', SMS_HTTP_MESSAGE_ID: '^00 (\\d+)',
        CAMPAIGN_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_REQUIRE_TLS: 'false', CAMPAIGN_MAIL_FROM: 'Shop <news@shop.example>',
      }, clock);
      await publishTerms(t.db, 'v-demo-test', 'terms');
      const { accountId, ownerPhone } = await makeAccount(t.db, { credits: 100, acceptTerms: true });
      const smsSid = (await t.db.one<{ id: number }>(
        `INSERT INTO sender_sessions (account_id, transport, channel, status, purpose) VALUES ($1, 'sms_http', 'sms', 'open', 'campaigns') RETURNING id`, [accountId]))!.id;
      const mailSid = (await t.db.one<{ id: number }>(
        `INSERT INTO sender_sessions (account_id, transport, channel, status, purpose) VALUES ($1, 'smtp', 'email', 'open', 'campaigns') RETURNING id`, [accountId]))!.id;
      const whatsapp: Array<{ to: string; text: string }> = [];
      // The operator session (0, no row) answers over WhatsApp; other senders send as the app does.
      const router = await createRouter(ctx, {
        async reply(sid, to, content, opts) {
          if (sid === 0) { whatsapp.push({ to, text: content.kind === 'text' ? content.text : `[${content.kind}]` }); return; }
          await sendThroughSession(ctx, undefined, sid, to, content, { messageId: opts?.messageId, email: opts?.email });
        },
      });
      await router.ready();
      let seq = 0;
      const say = async (text: string): Promise<string> => {
        const start = whatsapp.length;
        const msg: InboundMessage = { sessionId: 0, id: `demo-${process.pid}-${seq++}`, fromPhone: ownerPhone, text, timestamp: clock.now() };
        await router.handle(msg);
        return whatsapp.slice(start).filter((m) => m.to === ownerPhone).map((m) => m.text).join('\n');
      };
      await say('create list vip');
      await t.db.exec(`INSERT INTO contacts (list_id, phone, name, email) SELECT id, '+923001234567', 'Amina', 'amina@example.com' FROM contact_lists WHERE account_id = $1`, [accountId]);
      await say('create campaign eid for vip by sms: Eid Mubarak {{name}}!');
      await say('create campaign spring for vip by email: Spring for {{name}} | New season, 20% off');

      // SMS: one request to the provider, to the owner's number, the text as a recipient reads it.
      const smsReply = await say('send demo eid');
      expect(smsReply).to.match(/sent by SMS to \+92/);
      expect(sms.requests).to.have.length(1);
      expect(JSON.parse(sms.requests[0]!.body)).to.deep.equal({ to: ownerPhone, msg: 'Eid Mubarak Amina!' });
      expect(whatsapp.filter((m) => m.text === 'Eid Mubarak Amina!')).to.have.length(0); // nothing of it over WhatsApp
      expect((await t.db.one<{ status: string }>(`SELECT status FROM campaigns WHERE name = 'eid' AND account_id = $1`, [accountId]))!.status).to.equal('demo_sent');

      // E-mail without an address: refused, saying how to set one, in the owner's language.
      expect(await say('send demo spring')).to.match(/set email you@example\.com/);
      await t.db.exec(`UPDATE members SET language = 'tr' WHERE phone = $1`, [ownerPhone]);
      expect(await say('demo gönder spring')).to.match(/e-posta ayarla siz@ornek\.com/);
      await t.db.exec(`UPDATE members SET language = 'ur' WHERE phone = $1`, [ownerPhone]);
      expect(await say('demo bhejo spring')).to.match(/email set karo aap@example\.com/);
      expect(smtp.received).to.have.length(0);
      expect((await t.db.one<{ status: string }>(`SELECT status FROM campaigns WHERE name = 'spring' AND account_id = $1`, [accountId]))!.status).to.equal('draft');

      // Setting it, in each language; a wrong address is refused.
      expect(await say('email set karo ali@nowhere')).to.match(/email address nahi/);
      await t.db.exec(`UPDATE members SET language = 'tr' WHERE phone = $1`, [ownerPhone]);
      expect(await say('e-posta ayarla Sahip@Example.com')).to.match(/sahip@example\.com/);
      await t.db.exec(`UPDATE members SET language = 'en' WHERE phone = $1`, [ownerPhone]);
      expect(await say('set email Owner@Shop.Example')).to.match(/now owner@shop\.example/);
      expect((await t.db.one<{ owner_email: string }>('SELECT owner_email FROM accounts WHERE id = $1', [accountId]))!.owner_email).to.equal('owner@shop.example');

      // E-mail demo: one message to the owner's address, subject rendered, with the unsubscribe headers recipients get.
      expect(await say('send demo spring')).to.match(/e-mailed to owner@shop\.example/);
      expect(smtp.received.map((r) => r.rcpt)).to.deep.equal(['owner@shop.example']);
      const raw = smtp.received[0]!.raw;
      expect(raw).to.match(/^Subject: Spring for Amina/m);
      expect(raw).to.match(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
      expect(raw).to.include('New season, 20% off');
      expect((await t.db.one<{ status: string }>(`SELECT status FROM campaigns WHERE name = 'spring' AND account_id = $1`, [accountId]))!.status).to.equal('demo_sent');

      // No SMS provider on the account: the SMS demo is refused, not sent over WhatsApp.
      await t.db.exec(`UPDATE sender_sessions SET status = 'removed' WHERE id = $1`, [smsSid]);
      await say('create campaign sale for vip by sms: Sale today');
      expect(await say('send demo sale')).to.match(/no SMS provider yet/);
      expect(sms.requests).to.have.length(1);
      void mailSid;
    } finally {
      await sms.close();
      await smtp.close();
    }
  });
});
