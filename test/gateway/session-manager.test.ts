import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { FakeClock } from '../../src/clock.js';
import { openDb, type Db } from '../../src/db/database.js';
import type { Channel, ChannelEvents, InboundMessage } from '../../src/gateway/channel.js';
import { SessionManager, type ChannelFactory } from '../../src/gateway/session-manager.js';
import { createAccount } from '../../src/accounts.js';
import { SYSTEM } from '../../src/audit.js';
import {
  addSession, ensureSandboxOperatorSession, linkSenderByCode, pauseSender, removeSession, requestRelink, resumeSender,
} from '../../src/senders/index.js';
import { FakeSocketFactory } from './helpers/fake-socket.js';
import { randomBytes } from 'node:crypto';
import { usePostgresAuthState } from '../../src/gateway/auth-store.js';
import { PINNED_WA_VERSION } from '../../src/gateway/wa-version.js';
import { WhatsAppChannel } from '../../src/gateway/whatsapp-channel.js';
import { silentLog, useTestDb } from '../helpers/pg.js';
import { waitFor } from '../helpers/wait-for.js';
import { gatewayCtx } from './helpers/ctx.js';

/** Counts connects per session across managers: a session driven twice shows up as 2. */
function countingFactory(connects: Map<number, number>, live: Map<number, number>): ChannelFactory {
  return async (row) => {
    const ch = new EventEmitter<ChannelEvents>() as Channel & EventEmitter<ChannelEvents>;
    Object.assign(ch, {
      sessionId: row.id, transport: 'whatsapp',
      async connect() {
        connects.set(row.id, (connects.get(row.id) ?? 0) + 1);
        live.set(row.id, (live.get(row.id) ?? 0) + 1);
        if (live.get(row.id)! > 1) throw new Error(`session ${row.id} connected twice at once`);
        ch.emit('status', { state: 'open', phone: `+92300000${String(row.id).padStart(4, '0')}` });
      },
      async close() { live.set(row.id, live.get(row.id)! - 1); ch.emit('status', { state: 'closed', reason: 'closed by this process' }); },
      async send() { throw new Error('unused'); },
    });
    return ch;
  };
}

describe('session manager', () => {
  const t = useTestDb();
  let second: Db;
  before(async () => { second = await openDb({ url: t.url, poolMax: 3 }); });
  after(async () => { await second.close(); });
  beforeEach(async () => { await t.db.exec(`DELETE FROM sender_sessions`); });

  it('two managers on one database drive each session exactly once, and one takes over when the other stops', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push((await addSession(t.db, { transport: 'whatsapp', purpose: 'campaigns' })).id);
    await t.db.exec(`UPDATE sender_sessions SET status = 'closed'`); // linked earlier: connect at boot
    const connects = new Map<number, number>();
    const live = new Map<number, number>();
    const a = new SessionManager(gatewayCtx(t.db), { ownerId: 'proc-a', channelFactory: countingFactory(connects, live), heartbeatMs: 60_000 });
    const b = new SessionManager(gatewayCtx(second), { ownerId: 'proc-b', channelFactory: countingFactory(connects, live), heartbeatMs: 60_000 });
    await Promise.all([a.start(), b.start()]);
    // Started at the same instant, one may take everything first and give the surplus back.
    for (let i = 0; i < 3; i++) await Promise.all([a.tick(), b.tick()]);
    const owned = [...a.ownedSessionIds(), ...b.ownedSessionIds()].sort((x, y) => x - y);
    expect(owned).to.deep.equal(ids);
    expect([a.ownedSessionIds().length, b.ownedSessionIds().length], 'a fair share each').to.deep.equal([3, 3]);
    for (const id of ids) expect(live.get(id), `live sockets of ${id}`).to.equal(1);
    for (const id of ids) expect(connects.get(id), `connects of ${id}`).to.be.within(1, 2);
    const rows = await t.db.query<{ id: number; owner_id: string; status: string }>('SELECT id, owner_id, status FROM sender_sessions ORDER BY id');
    for (const r of rows) {
      expect(r.owner_id).to.equal(a.ownedSessionIds().includes(r.id) ? 'proc-a' : 'proc-b');
      expect(r.status).to.equal('open');
    }

    const fromA = a.ownedSessionIds();
    await a.stop();
    for (const id of fromA) expect(live.get(id)).to.equal(0);
    await b.tick();
    expect(b.ownedSessionIds()).to.deep.equal(ids);
    for (const id of ids) expect(live.get(id), `live sockets of ${id}`).to.equal(1);
    await b.stop();
    const leased = await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM sender_sessions WHERE owner_id IS NOT NULL');
    expect(leased!.n).to.equal(0);
  });

  it('a process started later gets its fair share: the first gives the surplus back, one socket per session throughout', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push((await addSession(t.db, { transport: 'whatsapp', purpose: 'campaigns' })).id);
    await t.db.exec(`UPDATE sender_sessions SET status = 'closed'`);
    const connects = new Map<number, number>();
    const live = new Map<number, number>();
    const a = new SessionManager(gatewayCtx(t.db), { ownerId: 'early', channelFactory: countingFactory(connects, live), heartbeatMs: 60_000 });
    await a.start();
    expect(a.ownedSessionIds()).to.deep.equal(ids);
    const b = new SessionManager(gatewayCtx(second), { ownerId: 'late', channelFactory: countingFactory(connects, live), heartbeatMs: 60_000 });
    await b.start();
    expect(b.ownedSessionIds(), 'nothing free yet').to.deep.equal([]);
    await a.tick();
    expect(a.ownedSessionIds()).to.have.length(2);
    await b.tick();
    expect(b.ownedSessionIds()).to.have.length(2);
    expect([...a.ownedSessionIds(), ...b.ownedSessionIds()].sort((x, y) => x - y)).to.deep.equal(ids);
    for (const id of ids) expect(live.get(id), `live sockets of ${id}`).to.equal(1);
    await Promise.all([a.stop(), b.stop()]);
  });

  it('takes over a session whose owner stopped renewing, and the old owner lets go at its next heartbeat', async () => {
    const { id } = await addSession(t.db, { transport: 'sandbox', purpose: 'both' });
    const a = new SessionManager(gatewayCtx(t.db), { ownerId: 'proc-a', heartbeatMs: 60_000 });
    const b = new SessionManager(gatewayCtx(second), { ownerId: 'proc-b', heartbeatMs: 60_000 });
    await a.start();
    await b.start();
    expect(b.ownedSessionIds()).to.deep.equal([]);
    await t.db.exec(`UPDATE sender_sessions SET lease_until = now() - interval '1 second' WHERE id = $1`, [id]); // a "hung"
    await b.tick();
    expect(b.ownedSessionIds()).to.deep.equal([id]);
    await a.tick();
    expect(a.ownedSessionIds()).to.deep.equal([]);
    expect(a.channel(id)).to.equal(undefined);
    expect((await t.db.one('SELECT owner_id, status FROM sender_sessions WHERE id = $1', [id]))).to.deep.equal({ owner_id: 'proc-b', status: 'open' });
    await a.stop();
    await b.stop();
  });

  it('closes a session removed from the CLI at the next heartbeat', async () => {
    const { id } = await addSession(t.db, { transport: 'sandbox', purpose: 'both' });
    const m = new SessionManager(gatewayCtx(t.db), { ownerId: 'proc-a', heartbeatMs: 60_000 });
    await m.start();
    const ch = m.channel(id)!;
    await removeSession(t.db, id);
    await m.tick();
    expect(m.ownedSessionIds()).to.deep.equal([]);
    let err: Error | undefined;
    await ch.send('+923001234567', { kind: 'text', text: 'x' }).catch((e) => { err = e; });
    expect(err?.message).to.match(/not connected/);
    expect((await t.db.one('SELECT status FROM sender_sessions WHERE id = $1', [id]))!.status).to.equal('removed');
    await m.stop();
  });

  it('WA_TRANSPORT=sandbox: creates the operator sandbox session once, drives whatsapp rows on the sandbox, and injects inbound once per id', async () => {
    const ctx = gatewayCtx(t.db, { WA_TRANSPORT: 'sandbox' });
    const m = new SessionManager(ctx, { ownerId: 'proc-a', heartbeatMs: 60_000 });
    const [id1, id2] = await Promise.all([ensureSandboxOperatorSession(t.db, ctx.config), ensureSandboxOperatorSession(t.db, ctx.config)]);
    expect(id1).to.equal(id2);
    const wa = await addSession(t.db, { transport: 'whatsapp', purpose: 'campaigns' });
    await m.start();
    expect(m.channel(id1)!.transport).to.equal('sandbox');
    expect(m.channel(wa.id)!.transport).to.equal('sandbox');
    const inbound: InboundMessage[] = [];
    m.on('inbound', (msg) => inbound.push(msg));
    const msg = await m.injectInbound(id1, { fromPhone: '+923001111111', text: 'balance', id: 'DUP1' });
    expect(msg.text).to.equal('balance');
    let err: Error | undefined;
    await m.injectInbound(id1, { fromPhone: '+923001111111', text: 'balance', id: 'DUP1' }).catch((e) => { err = e; });
    expect(err?.message).to.match(/already received/);
    expect(inbound.map((x) => x.id)).to.deep.equal(['DUP1']);
    const row = await t.db.one('SELECT phone, status, purpose, account_id FROM sender_sessions WHERE id = $1', [id1]);
    expect(row).to.deep.equal({ phone: `+1555${String(id1).padStart(7, '0')}`, status: 'open', purpose: 'both', account_id: null });
    await m.stop();
  });

  it('a paused session keeps its socket and its pause, whatever the socket reports, until resumed from another process', async () => {
    const { id } = await addSession(t.db, { transport: 'sandbox', purpose: 'campaigns' });
    const m = new SessionManager(gatewayCtx(t.db), { ownerId: 'proc-a', heartbeatMs: 60_000 });
    await m.start();
    // Written through the second pool, as a console in another process would.
    await pauseSender(second, id, 'rate-overlimit from WhatsApp', { type: 'admin', label: 'other process' });
    const status = async () => (await t.db.one('SELECT status FROM sender_sessions WHERE id = $1', [id]))!.status;
    await m.channel(id)!.close();
    await waitFor(async () => (await status()) === 'closed', 'closed');
    await m.channel(id)!.connect();
    await waitFor(async () => (await status()) === 'open', 'reconnected');
    expect(m.channel(id), 'the socket stays up while paused').to.not.equal(undefined);
    expect((await t.db.one('SELECT paused_reason FROM sender_sessions WHERE id = $1', [id]))!.paused_reason).to.equal('rate-overlimit from WhatsApp');
    await resumeSender(second, id, { type: 'admin', label: 'other process' });
    expect(await t.db.one('SELECT status, paused_reason FROM sender_sessions WHERE id = $1', [id])).to.deep.equal({ status: 'open', paused_reason: null });
    let err: Error | undefined;
    await resumeSender(second, id, { type: 'admin', label: 'other process' }).catch((e) => { err = e; });
    expect(err?.message).to.match(/not paused/);
    await m.stop();
  });

  it('a relink asked by another process is carried out by the owner at its heartbeat; the old socket cannot overwrite it', async () => {
    const { id } = await addSession(t.db, { transport: 'whatsapp', purpose: 'both' });
    await t.db.exec(`UPDATE sender_sessions SET status = 'closed'`);
    const made: Array<Channel & EventEmitter<ChannelEvents>> = [];
    const factory: ChannelFactory = async (row) => {
      const ch = new EventEmitter<ChannelEvents>() as Channel & EventEmitter<ChannelEvents>;
      Object.assign(ch, { sessionId: row.id, transport: 'whatsapp',
        async connect() { ch.emit('status', row.status === 'new' ? { state: 'connecting' } : { state: 'open', phone: '+923004444444' }); },
        async close() { ch.emit('status', { state: 'closed', reason: 'closed by this process' }); }, async send() { throw new Error('unused'); } });
      made.push(ch);
      return ch;
    };
    const m = new SessionManager(gatewayCtx(t.db), { ownerId: 'proc-a', channelFactory: factory, heartbeatMs: 60_000 });
    await m.start();
    expect(made).to.have.length(1);
    await waitFor(async () => (await t.db.one('SELECT status FROM sender_sessions WHERE id = $1', [id]))!.status === 'open', 'open');
    await t.db.exec(`INSERT INTO wa_creds (session_id, data) VALUES ($1, '\\x01')`, [id]);
    await requestRelink(second, id, { type: 'admin', label: 'other process' });
    expect((await t.db.one('SELECT count(*)::int AS n FROM wa_creds WHERE session_id = $1', [id]))!.n).to.equal(0);
    made[0]!.emit('status', { state: 'open', phone: '+923004444444' }); // the old socket, late
    await m.tick();
    expect(made, 'a fresh socket for the new link').to.have.length(2);
    const row = await t.db.one('SELECT status, status_reason FROM sender_sessions WHERE id = $1', [id]);
    expect(row).to.deep.equal({ status: 'connecting', status_reason: null });
    await m.stop();
  });

  it('link by pairing code: the owner of the new session asks WhatsApp for the code and the asking process gets it', async () => {
    const ctx = gatewayCtx(t.db);
    const { account } = await createAccount(t.db, { name: 'Pairing Co', ownerPhone: '+923001230000' }, SYSTEM);
    const sockets = new FakeSocketFactory();
    const key = randomBytes(32);
    const factory: ChannelFactory = async (row) => new WhatsAppChannel({
      sessionId: row.id, db: t.db, log: silentLog, auth: await usePostgresAuthState(t.db, row.id, key),
      version: async () => PINNED_WA_VERSION, makeSocket: sockets.make,
    });
    const m = new SessionManager(ctx, { ownerId: 'proc-a', channelFactory: factory, heartbeatMs: 50 });
    await m.start();
    const asked = linkSenderByCode({ ...ctx, db: second }, { accountId: account.id, phone: '+923007654321', actor: SYSTEM, waitMs: 5_000 });
    const socket = await waitFor(() => sockets.sockets[0], 'a socket for the new sender');
    socket.ev.emit('connection.update', { qr: '2@ref' });
    const code = await asked;
    expect(code.code).to.equal('K7PQ-2MXA');
    expect(socket.pairingRequests).to.deep.equal(['923007654321']);
    await m.stop();
  });

  it('exposes QR codes as data URLs until they expire, and relink wipes the old link before a new one', async () => {
    const { id } = await addSession(t.db, { transport: 'whatsapp', purpose: 'both' });
    await t.db.exec(`INSERT INTO wa_creds (session_id, data) VALUES ($1, '\\x01')`, [id]);
    const clock = new FakeClock();
    const made: Array<Channel & EventEmitter<ChannelEvents>> = [];
    const factory: ChannelFactory = async (row) => {
      const ch = new EventEmitter<ChannelEvents>() as Channel & EventEmitter<ChannelEvents>;
      Object.assign(ch, { sessionId: row.id, transport: 'whatsapp', async connect() { ch.emit('status', { state: 'connecting' }); },
        async close() { ch.emit('status', { state: 'closed', reason: 'closed by this process' }); }, async send() { throw new Error('unused'); } });
      made.push(ch);
      return ch;
    };
    const m = new SessionManager(gatewayCtx(t.db, {}, clock), { ownerId: 'proc-a', channelFactory: factory, heartbeatMs: 60_000 });
    await m.start();
    expect(made).to.have.length(0); // never linked: waits for a person
    await requestRelink(t.db, id, SYSTEM);
    await m.tick();
    expect((await t.db.one('SELECT count(*)::int AS n FROM wa_creds WHERE session_id = $1', [id]))!.n).to.equal(0);
    made[0]!.emit('qr', '2@first-ref');
    const qr = await waitFor(() => m.getQr(id), 'qr');
    expect(qr.dataUrl).to.match(/^data:image\/png;base64,/);
    expect(qr.expiresAt.getTime() - clock.now().getTime()).to.equal(60_000);
    clock.advance(60_001);
    expect(m.getQr(id)).to.equal(undefined);
    made[0]!.emit('qr', '2@second-ref');
    await waitFor(() => m.getQr(id), 'second qr');
    expect(m.getQr(id)!.expiresAt.getTime() - clock.now().getTime()).to.equal(20_000);
    made[0]!.emit('status', { state: 'open', phone: '+923005555555' });
    expect(m.getQr(id)).to.equal(undefined);
    await waitFor(async () => (await t.db.one('SELECT phone FROM sender_sessions WHERE id = $1', [id]))!.phone === '+923005555555', 'phone recorded');
    await m.stop();
  });
});
