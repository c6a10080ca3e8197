// Issue 21 (5, 6): a customer's reply reaches the owner, attributed to the latest campaign that
// reached that number from that sender, at once or in the hourly digest; the owner answers
// through that sender; calls are rejected with one text a day and show in the digest. Real
// router and database; sandbox channels and fake Baileys sockets emitting real proto objects.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { systemClock } from '../../src/clock.js';
import type { IncomingCall, OutgoingContent } from '../../src/gateway/channel.js';
import { usePostgresAuthState } from '../../src/gateway/auth-store.js';
import { SandboxChannel } from '../../src/gateway/sandbox-channel.js';
import { PINNED_WA_VERSION } from '../../src/gateway/wa-version.js';
import { WhatsAppChannel } from '../../src/gateway/whatsapp-channel.js';
import { recordIncomingCall } from '../../src/replies/calls.js';
import { sendDueDigests } from '../../src/replies/customer-replies.js';
import { createRouter } from '../../src/router/router.js';
import { handleRecorded } from '../../src/router/handle-inbound.js';
import { ensureDefaultTerms } from '../../src/terms.js';
import { runCli } from '../helpers/cli.js';
import { useTestDb } from '../helpers/pg.js';
import { waitFor } from '../helpers/wait-for.js';
import { makeAccount, makeSender, nextPhone, testCtx } from '../helpers/world.js';
import { FakeSocketFactory, ManualScheduler } from './helpers/fake-socket.js';

describe('replies reach the owner; calls are rejected', () => {
  const t = useTestDb();

  async function world() {
    await ensureDefaultTerms(t.db);
    const ctx = testCtx(t.db, { COMMAND_RATE_LIMIT: '1000', SANDBOX_PACING_MS: '0' }, systemClock);
    const { accountId, ownerPhone } = await makeAccount(t.db, { credits: 10, acceptTerms: true });
    const sid = await makeSender(t.db, accountId, { extra: { purpose: 'both' } });
    const channel = new SandboxChannel({ sessionId: sid, db: t.db, log: ctx.log, deliveredMs: 0, readMs: -1, failureRate: 0 });
    await channel.connect();
    const toOwner: string[] = [];
    const sent: Array<{ sessionId: number; to: string; content: OutgoingContent }> = [];
    const router = await createRouter(ctx, {
      notifyOwner: async (to, text) => { if (to === ownerPhone) toOwner.push(text); },
      reply: async (sessionId, to, content) => { sent.push({ sessionId, to, content }); },
    });
    const campaign = async (name: string, phone: string, customerName: string, sentAt: string, sender = sid) => {
      const c = await t.db.one<{ id: number }>(
        `INSERT INTO campaigns (account_id, name, body, status, launched_at, recipients) VALUES ($1, $2, 'Hi', 'running', now(), 1) RETURNING id`, [accountId, name]);
      await t.db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, name, body, status, sender_session_id, sent_at)
                       VALUES ($1, $2, $3, $4, 'Hi', 'delivered', $5, $6)`, [c!.id, accountId, phone, customerName, sender, sentAt]);
      return c!.id;
    };
    const write = async (from: string, text: string, media?: 'image') => {
      const msg = await channel.inject({ fromPhone: from, text, attachment: media ? { fileName: 'p.jpg', mimetype: 'image/jpeg', data: Buffer.from('x') } : undefined });
      await handleRecorded(ctx, router, msg!);
    };
    const owner = async (text: string) => {
      const before = sent.length;
      await router.handle({ sessionId: sid, id: `own-${Math.random()}`, fromPhone: ownerPhone, text, timestamp: new Date() });
      return sent.slice(before).filter((s) => s.to === ownerPhone).map((s) => (s.content as { text: string }).text).join('\n');
    };
    return { ctx, accountId, ownerPhone, sid, channel, router, toOwner, sent, campaign, write, owner };
  }

  it('a reply is attributed to the latest campaign from that sender and forwarded at once with name and number; status counts it', async () => {
    const w = await world();
    const customer = nextPhone();
    await w.campaign('spring', customer, 'Ayesha', '2026-03-01T10:00:00Z');
    await w.campaign('eid', customer, 'Ayesha K', '2026-03-05T10:00:00Z');
    const began = Date.now();
    await w.write(customer, 'price?');
    const lag = Date.now() - began;
    expect(w.toOwner).to.have.length(1);
    expect(w.toOwner[0]).to.include('Ayesha K').and.include(customer).and.include('"eid"').and.include('price?');
    expect(lag, 'forwarded within 2 s').to.be.below(2000);
    await w.write(customer, '', 'image');
    expect(w.toOwner[1]).to.include('(sent a photo)');
    const status = await w.owner('status eid');
    expect(status).to.include('Replies: 2 from 1 people (100% of those reached)');
    expect(await w.owner('status spring')).to.include('Replies: 0 from 0 people');
    const stored = await t.db.query<{ name: string; body: string }>('SELECT name, body FROM customer_replies ORDER BY id');
    expect(stored.map((r) => r.body)).to.deep.equal(['price?', '']);
    await w.channel.close();
  });

  it('replies arriving at once are each forwarded exactly once', async () => {
    const w = await world();
    const customers = Array.from({ length: 12 }, () => nextPhone());
    for (const c of customers) await w.campaign(`c${c.slice(-6)}`, c, 'N', '2026-03-05T10:00:00Z');
    await Promise.all(customers.map((c) => w.write(c, `hi from ${c}`)));
    expect(w.toOwner).to.have.length(12);
    expect(new Set(w.toOwner).size).to.equal(12);
    await w.channel.close();
  });

  it('replies hourly: nothing at once, one digest with the replies and missed calls; replies off: nothing', async () => {
    const w = await world();
    const customer = nextPhone();
    await w.campaign('eid', customer, 'Bilal', '2026-03-05T10:00:00Z');
    expect(await w.owner('replies hourly')).to.include('one digest an hour');
    await w.write(customer, 'Is it halal?');
    expect(w.toOwner).to.deep.equal([]);
    const caller = nextPhone();
    expect(await recordIncomingCall(w.ctx, { sessionId: w.sid, callId: 'C1', fromPhone: caller, fromJid: caller, at: new Date() })).to.include('cannot take calls');
    const notify = async (to: string, text: string) => { if (to === w.ownerPhone) w.toOwner.push(text); };
    expect(await sendDueDigests(w.ctx, notify)).to.deep.equal({ accounts: 1, replies: 1 });
    expect(w.toOwner).to.have.length(1);
    expect(w.toOwner[0]).to.include('1 new replies').and.include('Is it halal?').and.include('1 missed calls').and.include(caller);
    expect(await sendDueDigests(w.ctx, notify), 'an hour must pass before the next').to.deep.equal({ accounts: 0, replies: 0 });

    expect(await w.owner('replies off')).to.include('no longer forwarded');
    await w.write(customer, 'hello?');
    await t.db.exec('UPDATE accounts SET replies_digest_at = NULL WHERE id = $1', [w.accountId]);
    expect(await sendDueDigests(w.ctx, notify)).to.deep.equal({ accounts: 0, replies: 0 });
    expect(w.toOwner).to.have.length(1);
    await w.channel.close();
  });

  it('reply +E164 TEXT goes through the sender the customer wrote to; a number that never wrote is refused', async () => {
    const w = await world();
    const other = await makeSender(t.db, w.accountId, { extra: { purpose: 'both' } });
    const customer = nextPhone();
    await w.campaign('eid', customer, 'Sara', '2026-03-05T10:00:00Z');
    await w.write(customer, 'Do you deliver?');
    const answer = await w.owner(`reply ${customer} Yes, across Karachi`);
    expect(answer).to.match(/went out through sender 1|goes out through sender 1/);
    await waitFor(() => w.sent.find((s) => s.to === customer), 'the answer', 5000);
    const out = w.sent.filter((s) => s.to === customer);
    expect(out.map((s) => [s.sessionId, (s.content as { text: string }).text])).to.deep.equal([[w.sid, 'Yes, across Karachi']]);
    expect(out[0]!.sessionId).to.not.equal(other);
    expect(await t.db.one('SELECT status FROM owner_replies')).to.deep.equal({ status: 'sent' });
    expect(await w.owner('reply +923009998877 hello')).to.include('has not written to any of your senders');
    await w.channel.close();
  });

  it('a call is texted once a day, with the owner\'s own call text once set', async () => {
    const w = await world();
    const caller = nextPhone();
    const call = (id: string, from = caller): IncomingCall => ({ sessionId: w.sid, callId: id, fromPhone: from, fromJid: from, at: new Date() });
    expect(await recordIncomingCall(w.ctx, call('A'))).to.include('cannot take calls');
    expect(await recordIncomingCall(w.ctx, call('B')), 'once a day').to.equal(undefined);
    expect(await recordIncomingCall(w.ctx, call('B')), 'a repeat of the same call').to.equal(undefined);
    expect(await w.owner('call reply We are a shop: please write to us here.')).to.include('callers now get this text');
    expect(await recordIncomingCall(w.ctx, call('C', nextPhone()))).to.equal('We are a shop: please write to us here.');
    expect(await t.db.one('SELECT count(*)::int AS n FROM missed_calls WHERE account_id = $1', [w.accountId])).to.deep.equal({ n: 3 });
    await w.channel.close();
  });

  it('a fake Baileys socket: the call offer is rejected with rejectCall and reported with the caller', async () => {
    const ctx = testCtx(t.db, {}, systemClock);
    const { accountId } = await makeAccount(t.db);
    const sid = await makeSender(t.db, accountId, { transport: 'whatsapp' });
    const auth = await usePostgresAuthState(t.db, sid, randomBytes(32));
    auth.state.creds.me = { id: '923009999999:7@s.whatsapp.net' };
    const sockets = new FakeSocketFactory();
    const channel = new WhatsAppChannel({ sessionId: sid, db: t.db, log: ctx.log, auth, version: async () => PINNED_WA_VERSION, makeSocket: sockets.make, scheduler: new ManualScheduler() });
    const calls: IncomingCall[] = [];
    channel.on('call', (c) => calls.push(c));
    await channel.connect();
    sockets.last.open();
    sockets.last.callOffer('CALL-1', '55501234@lid', '923451112233@s.whatsapp.net');
    await waitFor(() => calls.length, 'the call event');
    expect(sockets.last.rejectedCalls).to.deep.equal([{ id: 'CALL-1', from: '55501234@lid' }]);
    expect(calls[0]).to.include({ callId: 'CALL-1', fromPhone: '+923451112233', fromLid: '55501234@lid', fromJid: '55501234@lid' });
    await channel.close();
  });

  it('wa-chatops sandbox call: rejected, texted once a day', async () => {
    await ensureDefaultTerms(t.db);
    const { accountId } = await makeAccount(t.db);
    const sid = await makeSender(t.db, accountId);
    const env = { DATABASE_URL: t.url, LOG_LEVEL: 'warn' };
    const first = runCli(['sandbox', 'call', '--from', '+923451230001', '--sender', String(sid)], env);
    expect(first.stderr).to.equal('');
    expect(first.stdout).to.include(`rejected by sender ${sid}`).and.include('→ +923451230001: Sorry, this number cannot take calls');
    const again = runCli(['sandbox', 'call', '--from', '+923451230001', '--sender', String(sid)], env);
    expect(again.stdout).to.include('no text');
    expect(await t.db.one(`SELECT count(*)::int AS n FROM sandbox_messages WHERE direction = 'out' AND to_phone = '+923451230001'`)).to.deep.equal({ n: 1 });
  });
});
