// Issue 21 (7): a sender that is "open" while WhatsApp's server answers none of its sends for
// SENDER_NO_ACK_MINUTES is unhealthy like a logged-out one: the owner is told once per
// incident, the claim gives its rows to the account's other senders, the first ack ends it;
// admins see every unhealthy sender in a banner on every console page.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { FakeClock } from '../../src/clock.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { usePostgresAuthState } from '../../src/gateway/auth-store.js';
import { PINNED_WA_VERSION } from '../../src/gateway/wa-version.js';
import { WhatsAppChannel } from '../../src/gateway/whatsapp-channel.js';
import { checkSilentSenders } from '../../src/senders/sender-health.js';
import { consoleApp, consoleCtx, makeUser, signIn } from '../console/helpers.js';
import { useTestDb } from '../helpers/pg.js';
import { makeCampaign } from '../jobs/fixtures.js';
import { makeAccount, makeSender, testCtx } from '../helpers/world.js';
import { FakeSocketFactory, ManualScheduler } from './helpers/fake-socket.js';

describe('senders "open" while nothing is acknowledged', () => {
  const t = useTestDb();

  async function world(env: Record<string, string> = {}) {
    const clock = new FakeClock(new Date());
    const ctx = testCtx(t.db, { SANDBOX_PACING_MS: '0', ...env }, clock);
    const { accountId, ownerPhone } = await makeAccount(t.db, { plan: { daily_limit: 100000, senders_allowed: 10 }, credits: 1000 });
    const sid = await makeSender(t.db, accountId, { transport: 'whatsapp', pacingMs: [0, 0], extra: { phone: '+923001238888', warmup: false } });
    const other = await makeSender(t.db, accountId, { pacingMs: [0, 0] });
    const auth = await usePostgresAuthState(t.db, sid, randomBytes(32));
    auth.state.creds.me = { id: '923001238888:7@s.whatsapp.net' };
    const sockets = new FakeSocketFactory();
    const channel = new WhatsAppChannel({ sessionId: sid, db: t.db, log: ctx.log, auth, version: async () => PINNED_WA_VERSION, makeSocket: sockets.make, scheduler: new ManualScheduler() });
    await channel.connect();
    sockets.last.open();
    const told: string[] = [];
    const tell = { notify: async (to: string, text: string) => { if (to === ownerPhone) told.push(text); } };
    const sessions = { ownedSessionIds: () => [sid], channel: (id: number) => (id === sid ? channel : undefined) };
    return { ctx, clock, accountId, sid, other, channel, sockets, told, tell, sessions };
  }

  it('no server ack for 10 minutes: told once, its rows go to the other sender; the first ack ends the incident', async () => {
    const w = await world();
    try {
      await w.channel.send('+923001110001', { kind: 'text', text: 'hello' }, { messageId: '3EB0SILENT01' });
      await w.channel.send('+923001110002', { kind: 'text', text: 'hello' }, { messageId: '3EB0SILENT02' });
      expect(w.channel.unackedSince()).to.be.instanceOf(Date);
      w.clock.advance(9 * 60_000);
      expect(await checkSilentSenders(w.ctx, w.sessions, w.tell)).to.deep.equal({ started: 0, ended: 0 });
      w.clock.advance(60_000 + 1000);
      expect((await checkSilentSenders(w.ctx, w.sessions, w.tell)).started).to.equal(1);
      expect((await checkSilentSenders(w.ctx, w.sessions, w.tell)).started, 'once per incident').to.equal(0);
      expect(w.told).to.have.length(1);
      expect(w.told[0]).to.include('+923001238888').and.include('answered none of its messages').and.include('link sender +923001238888');
      expect(await t.db.one('SELECT unhealthy_reason FROM sender_sessions WHERE id = $1', [w.sid])).to.deep.equal({ unhealthy_reason: 'no_ack' });

      // Its campaign rows go through the account's other sender.
      const cid = await makeCampaign(t.db, w.accountId, 4);
      await t.db.exec('UPDATE sender_sessions SET next_send_at = $1', [new Date(0)]);
      expect(await claimForSender(t.db, w.ctx.config, w.clock, w.sid)).to.equal(undefined);
      const b = await claimForSender(t.db, w.ctx.config, w.clock, w.other);
      expect(b!.rows.map((r) => r.campaignId)).to.deep.equal([cid, cid, cid, cid]);

      // WhatsApp answers (even for an old message): the incident ends and the sender claims again.
      w.sockets.last.serverAck('3EB0SILENT01', '923001110001@s.whatsapp.net');
      expect(w.channel.unackedSince()).to.equal(undefined);
      expect(await checkSilentSenders(w.ctx, w.sessions, w.tell)).to.deep.equal({ started: 0, ended: 1 });
      await makeCampaign(t.db, w.accountId, 2);
      expect((await claimForSender(t.db, w.ctx.config, w.clock, w.sid))!.rows).to.have.length(2);
    } finally {
      await w.channel.close();
    }
  });

  it('an answered sender is not an incident, and SENDER_NO_ACK_MINUTES=0 turns the check off', async () => {
    const w = await world({ SENDER_NO_ACK_MINUTES: '0' });
    try {
      await w.channel.send('+923001110003', { kind: 'text', text: 'hello' }, { messageId: '3EB0SILENT03' });
      w.clock.advance(60 * 60_000);
      expect(await checkSilentSenders(w.ctx, w.sessions, w.tell)).to.deep.equal({ started: 0, ended: 0 });
      const on = { ...w.ctx, config: { ...w.ctx.config, senderNoAckMs: 10 * 60_000 } };
      w.sockets.last.nack('3EB0SILENT03', '923001110003@s.whatsapp.net', '479');
      expect(await checkSilentSenders(on, w.sessions, w.tell)).to.deep.equal({ started: 0, ended: 0 });
      expect(w.told).to.deep.equal([]);
    } finally {
      await w.channel.close();
    }
  });

  describe('a socket "open" that receives nothing', () => {
    async function silentChannel(silentMs: number) {
      const sid = await makeSender(t.db, (await makeAccount(t.db)).accountId, { transport: 'whatsapp', extra: { phone: '+923001236666' } });
      const auth = await usePostgresAuthState(t.db, sid, randomBytes(32));
      auth.state.creds.me = { id: '923001236666:7@s.whatsapp.net' };
      const sockets = new FakeSocketFactory();
      const scheduler = new ManualScheduler();
      const statuses: Array<{ state: string; reason?: string; retryInMs?: number }> = [];
      const channel = new WhatsAppChannel({ sessionId: sid, db: t.db, log: testCtx(t.db).log, auth, version: async () => PINNED_WA_VERSION,
        makeSocket: sockets.make, scheduler, silentMs, random: () => 0.5 });
      channel.on('status', (st) => statuses.push(st as never));
      await channel.connect();
      sockets.last.open();
      return { channel, sockets, scheduler, statuses };
    }
    const minutes = (s: ManualScheduler, n: number) => { for (let i = 0; i < n; i++) s.runNext(); };

    it('is ended with its listeners after SENDER_SILENT_MINUTES and connected again with backoff; anything heard keeps it', async () => {
      const w = await silentChannel(10 * 60_000);
      try {
        // Something arrives at minute 5 (a server ack of an old send): the count starts again.
        minutes(w.scheduler, 5);
        w.sockets.last.serverAck('3EB0OLD00001', '923001110001@s.whatsapp.net');
        minutes(w.scheduler, 9);
        expect(w.sockets.live, 'heard 9 minutes ago: kept').to.equal(1);
        minutes(w.scheduler, 1);
        // Ten minutes of nothing: the old socket is ended, no listener of ours is left on it.
        const old = w.sockets.sockets[0]!;
        expect(old.ended).to.equal(true);
        expect(old.subscribers).to.equal(0);
        expect(w.channel.liveSockets).to.equal(0);
        const closed = w.statuses.at(-1)!;
        expect(closed.state).to.equal('closed');
        expect(closed.reason).to.include('no frame received for 10 min');
        expect(closed.retryInMs).to.be.greaterThan(0);
        // The reconnect timer opens a new socket; its silence is watched again.
        w.scheduler.runNext();
        await new Promise((r) => setImmediate(r));
        expect(w.sockets.sockets).to.have.length(2);
        w.sockets.last.open();
        expect(w.statuses.at(-1)!.state).to.equal('open');
        minutes(w.scheduler, 10);
        expect(w.sockets.last.ended, 'silent again: ended again').to.equal(true);
        const second = w.statuses.at(-1)!;
        expect(second.retryInMs!, 'a second silence waits at least as long').to.be.at.least(closed.retryInMs!);
        expect(w.sockets.subscribers).to.equal(0);
      } finally {
        await w.channel.close();
      }
    });

    it('frames the socket receives count as heard, and 0 turns the watch off', async () => {
      const off = await silentChannel(0);
      try {
        expect(off.scheduler.pending, 'no watch at 0').to.have.length(0);
      } finally {
        await off.channel.close();
      }
      const w = await silentChannel(10 * 60_000);
      try {
        const ws = w.sockets.last.ws;
        for (let i = 0; i < 15; i++) { w.scheduler.runNext(); ws.emit('frame'); }
        expect(w.sockets.live, 'frames every minute: kept').to.equal(1);
        await w.channel.close();
        expect(ws.listenerCount('frame'), 'its frame listener removed').to.equal(0);
      } finally {
        await w.channel.close();
      }
    });
  });

  it('the console shows admins a banner listing unhealthy senders with what to do; viewers and healthy servers see none', async () => {
    const { accountId } = await makeAccount(t.db);
    const app = consoleApp(consoleCtx(t.db));
    await makeUser(t.db, 'ops@example.com');
    const admin = await signIn(app, 'ops@example.com');
    expect((await admin.get('/senders')).text).to.not.include('not sending');
    const silent = await makeSender(t.db, accountId, { transport: 'whatsapp', extra: { phone: '+923001237777', unhealthy_since: new Date(), unhealthy_reason: 'no_ack' } });
    const gone = await makeSender(t.db, accountId, { transport: 'whatsapp', status: 'needs_relink', extra: { unhealthy_since: new Date(), unhealthy_reason: 'logged_out' } });
    const page = (await admin.get('/accounts')).text;
    expect(page).to.include('2 senders not sending');
    expect(page).to.include(`href="/senders/${silent}"`).and.include('+923001237777').and.include('WhatsApp answers none of its sends');
    expect(page).to.include(`href="/senders/${gone}"`).and.include('logged out or banned by WhatsApp. Link it again');
    await makeUser(t.db, 'look@example.com', 'viewer');
    const viewer = await signIn(app, 'look@example.com');
    expect((await viewer.get('/senders')).text).to.not.include('not sending');
  });
});
