// Issue 16: an e-mail campaign end to end against a real SMTP server on localhost (STARTTLS):
// every address once, RFC 8058 headers, 4xx retried then failed, 5xx failed at once, credits
// debited only for accepted mail, and the one-click endpoint suppresses the address at once.
import { assert, expect } from 'chai';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { SYSTEM } from '../../src/audit.js';
import { FakeClock } from '../../src/clock.js';
import { bodyHash, createCampaign } from '../../src/campaigns/campaigns.js';
import { launchCampaign } from '../../src/campaigns/launch.js';
import { SmtpChannel } from '../../src/channels/email/smtp-channel.js';
import { createConsoleApp } from '../../src/console/app.js';
import { getBalance } from '../../src/credits.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import type { Channel } from '../../src/gateway/channel.js';
import { publishTerms } from '../../src/terms.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeSender, testCtx } from '../helpers/world.js';

interface Received { rcpt: string; raw: string }

async function startSmtp(): Promise<{ server: SMTPServer; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true, logger: false,
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('busy')) return cb(Object.assign(new Error('4.2.1 mailbox busy, try later'), { responseCode: 451 }));
      if (address.address.startsWith('nobody')) return cb(Object.assign(new Error('5.1.1 no such user'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (d: Buffer) => { raw += d.toString(); });
      stream.on('end', () => { for (const r of session.envelope.rcptTo) received.push({ rcpt: r.address, raw }); cb(); });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.server.address() as AddressInfo).port, received };
}

describe('e-mail campaigns over SMTP', () => {
  const t = useTestDb();
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));

  it('sends each address once with unsubscribe headers; 4xx retries then fails, 5xx fails; credits match; one click unsubscribes', async () => {
    const { server, port, received } = await startSmtp();
    try {
      await publishTerms(t.db, 'v-email-test', 'terms');
      const ctx = testCtx(t.db, { PUBLIC_URL: 'https://shop.example', TEMPORARY_RETRIES: '2' }, clock);
      const { accountId, ownerId } = await makeAccount(t.db, { credits: 100, plan: { min_campaign_size: 1, email_credits_per_message: 2 }, acceptTerms: true });
      const sid = await makeSender(t.db, accountId, { extra: { channel: 'email' } });
      await t.db.exec(`UPDATE sender_sessions SET transport = 'smtp' WHERE id = $1`, [sid]);
      const list = await t.db.one<{ id: number }>(`INSERT INTO contact_lists (account_id, name) VALUES ($1, 'mail') RETURNING id`, [accountId]);
      const people = [
        ['+923001110001', 'Amina', 'amina@example.com'], ['+923001110002', 'Bilal', 'bilal@example.com'], ['+923001110003', 'Cem', 'CEM@example.com'],
        ['+923001110004', 'Busy', 'busy@example.com'], ['+923001110005', 'Nobody', 'nobody@example.com'], ['+923001110006', 'No mail', null],
      ];
      for (const [phone, name, email] of people) {
        await t.db.exec('INSERT INTO contacts (list_id, phone, name, email) VALUES ($1, $2, $3, $4)', [list!.id, phone, name, email]);
      }
      const draft = await createCampaign(ctx, accountId, { name: 'spring', listName: 'mail', body: 'Hello {{name}}, spring sale!', channel: 'email',
        subject: 'Spring for {{name}}', html: '<p>Hello <b>{{name}}</b></p>', createdBy: ownerId });
      await t.db.exec(`UPDATE campaigns SET status = 'demo_sent', demo_body_hash = $2 WHERE id = $1`, [draft.campaign.id, bodyHash(draft.campaign.body)]);
      const launched = await launchCampaign(ctx, accountId, 'spring', SYSTEM);
      expect(launched.recipients).to.equal(5); // the contact with no address is not a recipient
      expect(launched.credits).to.equal(10);

      const ch = new SmtpChannel(ctx, { sessionId: sid, url: `smtp://127.0.0.1:${port}`, from: 'Shop <news@shop.example>', poolSize: 2, requireTls: true, trustSelfSigned: true });
      await ch.connect();
      const d = new Dispatcher(ctx, { channel: (id: number) => (id === sid ? ch as Channel : undefined), ownedSessionIds: () => [sid] } as never);
      for (let round = 0; round < 4; round++) {
        await t.db.exec(`UPDATE sender_sessions SET next_send_at = '2000-01-01' WHERE id = $1`, [sid]);
        const b = await claimForSender(t.db, ctx.config, clock, sid);
        if (!b) break;
        await d.dispatch(b);
      }
      await ch.close();

      const rows = await t.db.query<{ email: string; status: string; reason: string | null; attempts: number; wa_message_id: string | null }>(
        `SELECT email, status, reason, attempts, wa_message_id FROM outbox WHERE campaign_id = $1 ORDER BY id`, [draft.campaign.id]);
      const by = Object.fromEntries(rows.map((r) => [r.email.toLowerCase(), r]));
      expect(by['amina@example.com']!.status).to.equal('sent');
      expect(by['busy@example.com']!.status).to.equal('failed');
      expect(by['busy@example.com']!.attempts).to.equal(2);
      expect(by['busy@example.com']!.reason).to.match(/451/);
      expect(by['nobody@example.com']!.status).to.equal('failed');
      expect(by['nobody@example.com']!.attempts).to.equal(1);
      expect(by['nobody@example.com']!.reason).to.match(/550/);

      expect(received.map((r) => r.rcpt.toLowerCase()).sort()).to.deep.equal(['amina@example.com', 'bilal@example.com', 'cem@example.com']);
      const amina = received.find((r) => r.rcpt === 'amina@example.com')!.raw;
      expect(amina).to.match(/^Subject: Spring for Amina/m);
      expect(amina).to.match(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
      expect(amina).to.include(`<${by['amina@example.com']!.wa_message_id}@shop.example>`);
      const link = /^List-Unsubscribe:\s*<(https:\/\/shop\.example\/u\/[^>]+)>/m.exec(amina.replace(/\r?\n[ \t]+/g, ""))?.[1] ?? assert.fail(amina.slice(0, 1500));

      // Credits: 3 accepted × 2 debited, the 2 refused given back, nothing left reserved.
      const bal = await getBalance(t.db, accountId);
      expect(bal).to.deep.equal({ available: 94, reserved: 0 });

      // One click from the mail client: suppressed at once, a new campaign skips the address.
      const app = createConsoleApp(ctx);
      const res = await request(app).post(new URL(link).pathname).type('form').send('List-Unsubscribe=One-Click');
      expect(res.status).to.equal(200);
      expect(await t.db.one(`SELECT source FROM email_suppressions WHERE account_id = $1 AND email = 'amina@example.com'`, [accountId])).to.deep.equal({ source: 'unsubscribe' });
      const bad = await request(app).post('/u/' + 'x'.repeat(20) + '.' + 'y'.repeat(32));
      expect(bad.status).to.equal(404);
      const again = await createCampaign(ctx, accountId, { name: 'summer', listName: 'mail', body: 'Summer!', channel: 'email', subject: 'Summer' });
      await t.db.exec(`UPDATE campaigns SET status = 'demo_sent', demo_body_hash = $2 WHERE id = $1`, [again.campaign.id, bodyHash('Summer!')]);
      const second = await launchCampaign(ctx, accountId, 'summer', SYSTEM);
      expect(second.recipients).to.equal(4);
      expect(second.skippedSuppressed).to.equal(1);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
