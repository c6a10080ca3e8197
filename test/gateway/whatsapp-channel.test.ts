import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { DisconnectReason } from '@whiskeysockets/baileys';
import { usePostgresAuthState, type PgAuthState } from '../../src/gateway/auth-store.js';
import { RateLimitedError, type ChannelStatus, type InboundMessage, type Receipt } from '../../src/gateway/channel.js';
import { backoffDelay, type BackoffOptions } from '../../src/gateway/reconnect-policy.js';
import { addSession } from '../../src/senders/index.js';
import { PINNED_WA_VERSION } from '../../src/gateway/wa-version.js';
import { WhatsAppChannel } from '../../src/gateway/whatsapp-channel.js';
import { silentLog, useTestDb } from '../helpers/pg.js';
import { waitFor } from '../helpers/wait-for.js';
import { boom, FakeSocketFactory, ManualScheduler } from './helpers/fake-socket.js';

const BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 300_000, stableMs: 60_000 };
const ME = { id: '923009999999:7@s.whatsapp.net', lid: '555000111:7@lid' };

describe('whatsapp channel (fake Baileys socket)', () => {
  const t = useTestDb();
  const key = randomBytes(32);
  let sessionId: number;
  let auth: PgAuthState;
  let sockets: FakeSocketFactory;
  let scheduler: ManualScheduler;
  let statuses: ChannelStatus[];
  let channel: WhatsAppChannel;

  async function setup(opts: { linked?: boolean; random?: () => number } = {}) {
    sessionId = (await addSession(t.db, { transport: 'whatsapp', purpose: 'both' })).id;
    auth = await usePostgresAuthState(t.db, sessionId, key);
    if (opts.linked ?? true) { auth.state.creds.me = ME; await auth.saveCreds(); }
    sockets = new FakeSocketFactory();
    scheduler = new ManualScheduler();
    channel = new WhatsAppChannel({
      sessionId, db: t.db, log: silentLog, auth, version: async () => PINNED_WA_VERSION,
      makeSocket: sockets.make, scheduler, backoff: BACKOFF, random: opts.random ?? (() => 1),
    });
    statuses = [];
    channel.on('status', (s) => statuses.push(s));
    await channel.connect();
  }
  const lastStatus = () => statuses[statuses.length - 1]!;
  afterEach(async () => { await channel?.close(); });

  describe('inbound messages', () => {
    let inbound: InboundMessage[];
    beforeEach(async () => {
      await setup();
      sockets.last.open();
      inbound = [];
      channel.on('inbound', (m) => inbound.push(m));
    });
    const msg = (id: string, message: object, key: object = {}) => ({
      key: { remoteJid: '923001234567@s.whatsapp.net', fromMe: false, id, ...key }, message, messageTimestamp: 1_767_000_000,
    });

    it('normalises text, extended text, captions and documents; skips fromMe, groups and reactions', async () => {
      sockets.last.upsert([
        msg('T1', { conversation: ' balance ' }),
        msg('T2', { extendedTextMessage: { text: 'create list vip' } }),
        msg('T3', { imageMessage: { caption: 'poster', mimetype: 'image/jpeg', fileLength: 2048 } }),
        msg('T4', { documentWithCaptionMessage: { message: { documentMessage: { caption: 'upload contacts to vip', fileName: 'vip.csv', mimetype: 'text/csv', fileLength: 120 } } } }),
        msg('T5', { conversation: 'my own message' }, { fromMe: true }),
        msg('T6', { conversation: 'group chatter' }, { remoteJid: '1203630@g.us', participant: '923001234567@s.whatsapp.net' }),
        msg('T7', { reactionMessage: { text: '👍', key: { id: 'X' } } }),
      ]);
      await waitFor(() => inbound.length >= 4, 'four inbound messages');
      await new Promise((r) => setTimeout(r, 50));
      expect(inbound.map((m) => [m.id, m.text, m.fromPhone])).to.deep.equal([
        ['T1', 'balance', '+923001234567'], ['T2', 'create list vip', '+923001234567'],
        ['T3', 'poster', '+923001234567'], ['T4', 'upload contacts to vip', '+923001234567'],
      ]);
      expect(inbound[2]!.media).to.include({ kind: 'image', mimetype: 'image/jpeg', sizeBytes: 2048 });
      expect(inbound[3]!.media).to.include({ kind: 'document', fileName: 'vip.csv', sizeBytes: 120 });
      expect(inbound[0]!.timestamp.toISOString()).to.equal(new Date(1_767_000_000_000).toISOString());
      let err: Error | undefined;
      await inbound[3]!.media!.download(100).catch((e) => { err = e; });
      expect(err?.message).to.match(/120 bytes; the limit is 100/);
    });

    it('handles notify and append, and never hands on the same id twice (also across a restart)', async () => {
      sockets.last.upsert([msg('D1', { conversation: 'launch campaign eid' })]);
      sockets.last.upsert([msg('D1', { conversation: 'launch campaign eid' })], 'append');
      sockets.last.upsert([msg('D2', { conversation: 'sent while we were offline' })], 'append');
      await waitFor(() => inbound.length >= 2, 'two inbound');
      await channel.close();
      // A new process with a new channel sees the redelivery and stays silent.
      const again = new WhatsAppChannel({ sessionId, db: t.db, log: silentLog, auth, version: async () => PINNED_WA_VERSION, makeSocket: sockets.make, scheduler });
      again.on('inbound', (m) => inbound.push(m));
      await again.connect();
      sockets.last.open();
      sockets.last.upsert([msg('D1', { conversation: 'launch campaign eid' })], 'append');
      sockets.last.upsert([msg('D3', { conversation: 'new' })]);
      await waitFor(() => inbound.length >= 3, 'third inbound');
      await new Promise((r) => setTimeout(r, 50));
      expect(inbound.map((m) => m.id)).to.deep.equal(['D1', 'D2', 'D3']);
      await again.close();
    });

    it('hands a message on only after its journal row is committed, and a failed write is tried again (Baileys already acked it)', async () => {
      // A database that refuses the first journal write, as a dropped connection would.
      let tries = 0;
      const flaky = new Proxy(t.db, {
        get(target, prop, receiver) {
          if (prop === 'exec') {
            return async (sql: string, params?: unknown[]) => {
              if (sql.includes('INSERT INTO inbound_messages') && ++tries === 1) throw new Error('connection terminated unexpectedly');
              return target.exec(sql, params as never);
            };
          }
          const v = Reflect.get(target, prop, receiver);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
      const ch = new WhatsAppChannel({ sessionId, db: flaky, log: silentLog, auth, version: async () => PINNED_WA_VERSION, makeSocket: sockets.make, scheduler, journalRetryMs: [20] });
      const seen: Array<{ id: string; journaled: boolean }> = [];
      ch.on('inbound', (m) => {
        // The row is there (committed) by the time anything acts on the message.
        void t.db.one('SELECT 1 AS one FROM inbound_messages WHERE session_id = $1 AND wa_message_id = $2', [sessionId, m.id])
          .then((r) => seen.push({ id: m.id, journaled: Boolean(r) }));
      });
      await channel.close();
      await ch.connect();
      sockets.last.open();
      sockets.last.upsert([msg('J1', { conversation: 'STOP' })]);
      await waitFor(() => seen.length >= 1, 'the message after its retried write');
      expect(seen).to.deep.equal([{ id: 'J1', journaled: true }]);
      expect(tries, 'refused once, written the second time').to.equal(2);
      await ch.close();
    });

    it('resolves LID senders to phone numbers through the alternate jid or the LID mapping, else keeps the LID', async () => {
      sockets.last.lidToPn.set('222@lid', '923002222222@s.whatsapp.net');
      sockets.last.upsert([
        msg('L1', { conversation: 'a' }, { remoteJid: '111@lid', remoteJidAlt: '923001111111@s.whatsapp.net' }),
        msg('L2', { conversation: 'b' }, { remoteJid: '222@lid' }),
        msg('L3', { conversation: 'c' }, { remoteJid: '333@lid' }),
      ]);
      await waitFor(() => inbound.length >= 3, 'three inbound');
      const byId = Object.fromEntries(inbound.map((m) => [m.id, { fromPhone: m.fromPhone, fromLid: m.fromLid }]));
      expect(byId).to.deep.equal({
        L1: { fromPhone: '+923001111111', fromLid: '111@lid' },
        L2: { fromPhone: '+923002222222', fromLid: '222@lid' },
        L3: { fromPhone: undefined, fromLid: '333@lid' },
      });
    });
  });

  describe('sending and receipts', () => {
    beforeEach(async () => { await setup(); sockets.last.open(); });

    it('sends with the caller-chosen id, stores the message for getMessage retries, and maps receipts', async () => {
      const receipts: Receipt[] = [];
      channel.on('receipt', (r) => receipts.push(r));
      const res = await channel.send('+923001234567', { kind: 'text', text: 'Eid offer' }, { messageId: '3EB0CAFE' });
      expect(res.messageId).to.equal('3EB0CAFE');
      expect(sockets.last.sent[0]).to.deep.include({ jid: '923001234567@s.whatsapp.net', messageId: '3EB0CAFE' });
      const retried = await sockets.last.config.getMessage!({ id: '3EB0CAFE', remoteJid: '923001234567@s.whatsapp.net', fromMe: true });
      expect(retried?.extendedTextMessage?.text).to.equal('Eid offer');

      const k = { remoteJid: '923001234567@s.whatsapp.net', fromMe: true, id: '3EB0CAFE' };
      sockets.last.ev.emit('messages.update', [{ key: k, update: { status: 2 } }, { key: k, update: { status: 3 } }, { key: k, update: { status: 4 } }]);
      sockets.last.ev.emit('messages.update', [{ key: { ...k, fromMe: false }, update: { status: 4 } }]);
      sockets.last.ev.emit('message-receipt.update', [{ key: { ...k, id: 'OTHER' }, receipt: { userJid: k.remoteJid, receiptTimestamp: 1 } }]);
      sockets.last.ev.emit('messages.update', [{ key: { ...k, id: 'BAD' }, update: { status: 0, messageStubParameters: ['recipient not on WhatsApp'] } }]);
      await waitFor(() => receipts.length >= 5, 'receipts');
      expect(receipts.map((r) => [r.messageId, r.status, r.reason])).to.deep.equal([
        ['3EB0CAFE', 'server-ack', undefined], ['3EB0CAFE', 'delivered', undefined], ['3EB0CAFE', 'read', undefined],
        ['OTHER', 'delivered', undefined], ['BAD', 'failed', 'recipient not on WhatsApp'],
      ]);
    });

    it('turns WhatsApp rate-overlimit into RateLimitedError and refuses sends while disconnected', async () => {
      sockets.last.sendError = boom('rate-overlimit', 429, 429);
      let err: Error | undefined;
      await channel.send('+923001234567', { kind: 'text', text: 'x' }).catch((e) => { err = e; });
      expect(err).to.be.instanceOf(RateLimitedError);
      sockets.last.drop(DisconnectReason.connectionLost);
      await waitFor(() => lastStatus().state === 'closed', 'closed');
      const err2 = await channel.send('+923001234567', { kind: 'text', text: 'x' }).then(() => undefined, (e: Error) => e);
      expect(err2?.message).to.match(/not connected/);
    });

    it('numbers WhatsApp leaves out of a non-empty answer are absent; an empty answer leaves every number unknown', async () => {
      const verdicts = await channel.checkNumbers!(['+923001234567', '+0001234567']);
      expect([...verdicts]).to.deep.equal([['+923001234567', true], ['+0001234567', false]]);
      const none = await channel.checkNumbers!(['+0001234567', '+0009876543']);
      expect(none.size, 'an empty answer proves nothing').to.equal(0);
    });

    it('saves the whole creds object on creds.update', async () => {
      auth.state.creds.me = { id: '923001234567:9@s.whatsapp.net', name: 'Shop' };
      sockets.last.ev.emit('creds.update', { me: auth.state.creds.me });
      await waitFor(async () => (await usePostgresAuthState(t.db, sessionId, key)).state.creds.me?.name === 'Shop', 'saved creds');
    });
  });

  describe('reconnect policy', () => {
    const settle = () => new Promise((r) => setTimeout(r, 5));

    it('515 restarts at once without growing the backoff', async () => {
      await setup();
      sockets.last.drop(DisconnectReason.restartRequired, 'restart required');
      await waitFor(() => scheduler.pending.length === 1, 'retry');
      expect(scheduler.runNext()).to.equal(0);
      await waitFor(() => sockets.sockets.length === 2, 'second socket');
      sockets.last.drop(DisconnectReason.connectionClosed);
      await waitFor(() => scheduler.pending.length === 1, 'retry');
      expect(scheduler.pending[0]!.ms).to.equal(BACKOFF.baseMs);
    });

    for (const code of [DisconnectReason.loggedOut, DisconnectReason.forbidden, DisconnectReason.multideviceMismatch]) {
      it(`${code} wipes the credentials and marks the session needs-relink, without retrying`, async () => {
        await setup();
        await auth.state.keys.set({ session: { 'a.0': randomBytes(8) } });
        sockets.last.open();
        sockets.last.drop(code);
        await waitFor(() => lastStatus().state === 'needs-relink', 'needs-relink');
        expect((lastStatus() as { reason: string }).reason).to.include(String(code));
        const left = await t.db.one<{ n: number }>(
          'SELECT (SELECT count(*) FROM wa_creds WHERE session_id = $1) + (SELECT count(*) FROM wa_keys WHERE session_id = $1) AS n', [sessionId]);
        expect(left!.n).to.equal(0);
        await settle();
        expect(scheduler.pending).to.have.length(0);
        expect(sockets.live).to.equal(0);
      });
    }

    it('440 stops and reports that another device took over', async () => {
      await setup();
      sockets.last.open();
      sockets.last.drop(DisconnectReason.connectionReplaced);
      await waitFor(() => lastStatus().state === 'replaced', 'replaced');
      await settle();
      expect(scheduler.pending).to.have.length(0);
      expect(sockets.live).to.equal(0);
      expect((await t.db.one('SELECT count(*)::int AS n FROM wa_creds WHERE session_id = $1', [sessionId]))!.n).to.equal(1);
    });

    for (const code of [DisconnectReason.connectionClosed, DisconnectReason.connectionLost, DisconnectReason.badSession, DisconnectReason.unavailableService, undefined]) {
      it(`${code ?? 'an error without a code'} backs off exponentially up to the cap`, async () => {
        await setup({ random: () => 1 }); // the ceiling itself: the bound under test
        const delays: number[] = [];
        for (let i = 0; i < 12; i++) {
          sockets.last.drop(code);
          await waitFor(() => scheduler.pending.length === 1, 'retry');
          delays.push(scheduler.runNext());
          await waitFor(() => sockets.sockets.length === i + 2, 'next socket');
        }
        expect(delays).to.deep.equal([1000, 2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000, 300000]);
        expect(lastStatus()).to.deep.include({ state: 'connecting' });
      });
    }

    it('full jitter stays within [1 s, ceiling] and the backoff resets after a stable connection', async () => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const ceiling = Math.min(BACKOFF.capMs, BACKOFF.baseMs * 2 ** attempt);
        for (const r of [0, 0.37, 0.999]) {
          const d = backoffDelay(attempt, BACKOFF, () => r);
          expect(d).to.be.within(BACKOFF.baseMs, ceiling);
        }
      }
      await setup({ random: () => 1 });
      for (let i = 0; i < 4; i++) {
        sockets.last.drop(DisconnectReason.connectionLost);
        await waitFor(() => scheduler.pending.length === 1, 'retry');
        scheduler.runNext();
        await waitFor(() => sockets.sockets.length === i + 2, 'next socket');
      }
      sockets.last.open();
      await waitFor(() => lastStatus().state === 'open', 'open');
      scheduler.time += BACKOFF.stableMs;
      sockets.last.drop(DisconnectReason.connectionLost);
      await waitFor(() => scheduler.pending.length === 1, 'retry');
      expect(scheduler.pending[0]!.ms).to.equal(BACKOFF.baseMs);
    });

    it('an unfinished link that closes waits for a person instead of retrying', async () => {
      await setup({ linked: false });
      const qrs: string[] = [];
      channel.on('qr', (q) => qrs.push(q));
      sockets.last.ev.emit('connection.update', { qr: '2@abc,def' });
      sockets.last.drop(DisconnectReason.timedOut, 'QR refs attempts ended');
      await waitFor(() => lastStatus().state === 'closed', 'closed');
      expect((lastStatus() as { reason: string }).reason).to.match(/linking did not complete/);
      await settle();
      expect(qrs).to.deep.equal(['2@abc,def']);
      expect(scheduler.pending).to.have.length(0);
    });

    it('200 drops leave exactly one live socket with one subscription, and close() leaves none', async () => {
      await setup({ random: () => 0.5 });
      for (let i = 0; i < 200; i++) {
        if (i % 3 === 0) sockets.last.open();
        sockets.last.drop(i % 2 ? DisconnectReason.connectionLost : DisconnectReason.connectionClosed);
        await waitFor(() => scheduler.pending.length === 1, 'retry');
        expect(scheduler.pending).to.have.length(1);
        scheduler.runNext();
        await waitFor(() => sockets.sockets.length === i + 2, 'next socket');
        expect(sockets.live, `live sockets after drop ${i}`).to.equal(1);
        expect(sockets.subscribers, `subscriptions after drop ${i}`).to.equal(1);
      }
      expect(channel.liveSockets).to.equal(1);
      await channel.close();
      expect(sockets.live).to.equal(0);
      expect(sockets.subscribers).to.equal(0);
      expect(scheduler.pending).to.have.length(0);
    });

    it('close() during a pending retry cancels it', async () => {
      await setup();
      sockets.last.drop(DisconnectReason.connectionLost);
      await waitFor(() => scheduler.pending.length === 1, 'retry');
      await channel.close();
      expect(scheduler.pending).to.have.length(0);
      expect(sockets.live).to.equal(0);
    });
  });
});
