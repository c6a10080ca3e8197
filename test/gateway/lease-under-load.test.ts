// Leases under load (issue 19 item 5 / issue 22 item 5): a process whose main pool is held by
// dispatch work and whose sender rows are locked by its own claim/record transactions keeps
// its leases (nothing flaps to the other process), and when it dies without a word (SIGKILL:
// no release) the other process drives every one of its sessions within the lease time.
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { openDb, type Db } from '../../src/db/database.js';
import type { Channel, ChannelEvents } from '../../src/gateway/channel.js';
import { SessionManager, type ChannelFactory } from '../../src/gateway/session-manager.js';
import { addSession } from '../../src/senders/index.js';
import { useTestDb } from '../helpers/pg.js';
import { gatewayCtx } from './helpers/ctx.js';

const LEASE_MS = 2000;
const HEARTBEAT_MS = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const factory: ChannelFactory = async (row) => {
  const ch = new EventEmitter<ChannelEvents>() as Channel & EventEmitter<ChannelEvents>;
  Object.assign(ch, {
    sessionId: row.id, transport: 'sandbox',
    async connect() { ch.emit('status', { state: 'open', phone: `+92300100${String(row.id).padStart(4, '0')}` }); },
    async close() { ch.emit('status', { state: 'closed', reason: 'closed by this process' }); },
    async send() { throw new Error('unused'); },
  });
  return ch;
};

describe('sender leases under dispatch load', () => {
  const t = useTestDb();
  let mainA: Db; // process A's main pool, the one its dispatcher saturates
  let mainB: Db;
  let locker: Db; // A's claim / record transactions holding its sender rows
  before(async () => {
    mainA = await openDb({ url: t.url, poolMax: 3 });
    mainB = await openDb({ url: t.url, poolMax: 3 });
    locker = await openDb({ url: t.url, poolMax: 4 });
  });
  after(async () => { await Promise.all([mainA.close(), mainB.close(), locker.close()]); });

  it('keeps every lease while busy, and hands over within the lease time after a SIGKILL', async function () {
    this.timeout(60_000);
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) ids.push((await addSession(t.db, { transport: 'sandbox', purpose: 'campaigns' })).id);
    const env = { LEASE_MS: String(LEASE_MS) };
    const a = new SessionManager(gatewayCtx(mainA, env), { ownerId: 'proc-a', channelFactory: factory, heartbeatMs: HEARTBEAT_MS });
    await a.start();
    expect(a.ownedSessionIds()).to.deep.equal(ids);
    // B wants A's sessions but is no share-taker (as `session link` is not), so A keeps all of
    // them unless a lease lapses: what B gets while A is alive is flapping, not fair sharing.
    const b = new SessionManager(gatewayCtx(mainB, env), { ownerId: 'proc-b', channelFactory: factory, heartbeatMs: HEARTBEAT_MS, onlySessionIds: ids });
    await b.start();
    expect(b.ownedSessionIds()).to.deep.equal([]);

    // Load for 3 lease times: A's main pool busy with long statements all the time, and
    // each of A's sender rows locked by a transaction of 400 ms, one after another.
    const until = Date.now() + 3 * LEASE_MS;
    const busy = Array.from({ length: 6 }, async () => { while (Date.now() < until) await mainA.query('SELECT pg_sleep(0.3)'); });
    const locks = Array.from({ length: 4 }, async (_, k) => {
      for (let i = k; Date.now() < until; i += 4) {
        await locker.tx(async (q) => { await q.query('SELECT id FROM sender_sessions WHERE id = $1 FOR UPDATE', [ids[i % ids.length]]); await q.query('SELECT pg_sleep(0.4)'); });
      }
    });
    await Promise.all([...busy, ...locks]);
    expect(b.ownedSessionIds(), 'no session moved while A was busy but alive').to.deep.equal([]);
    expect(a.ownedSessionIds()).to.deep.equal(ids);

    // SIGKILL: A's timers stop, nothing is released, its sockets just go.
    clearInterval((a as any).heartbeat);
    const killedAt = Date.now();
    let handOverMs = -1;
    while (Date.now() - killedAt < 4 * LEASE_MS) {
      if (b.ownedSessionIds().length === ids.length && ids.every((id) => b.channel(id))) { handOverMs = Date.now() - killedAt; break; }
      await sleep(50);
    }
    expect(b.ownedSessionIds()).to.deep.equal(ids);
    // The lease lapses LEASE_MS after A's last renewal; B looks every heartbeat.
    expect(handOverMs, 'hand-over time').to.be.within(0, LEASE_MS + 2 * HEARTBEAT_MS);
    const rows = await t.db.query<{ owner_id: string }>('SELECT DISTINCT owner_id FROM sender_sessions');
    expect(rows).to.deep.equal([{ owner_id: 'proc-b' }]);
    await b.stop();
    (a as any).stopped = true;
    await (a as any).ownLeaseDb?.close();
  });
});
