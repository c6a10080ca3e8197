// Issue 8.2: a WhatsApp server that drops every connection for a minute. The real Baileys
// makeWASocket, through our WhatsApp channel and session manager, points at a local ws
// server that terminates each connection. Over ~60 s: every retry waits what the backoff
// schedule announced (no spinning), one socket at a time, and memory stays flat.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { WebSocketServer } from 'ws';
import { usePostgresAuthState } from '../../src/gateway/auth-store.js';
import type { ChannelStatus } from '../../src/gateway/channel.js';
import type { BackoffOptions } from '../../src/gateway/reconnect-policy.js';
import { SessionManager } from '../../src/gateway/session-manager.js';
import { addSession } from '../../src/senders/index.js';
import { PINNED_WA_VERSION } from '../../src/gateway/wa-version.js';
import { WhatsAppChannel } from '../../src/gateway/whatsapp-channel.js';
import { silentLog, useTestDb } from '../helpers/pg.js';
import { gatewayCtx } from '../gateway/helpers/ctx.js';

const RUN_MS = 60_000;
// The production policy's shape with a shorter base and cap, so a minute holds ~30 cycles.
const BACKOFF: BackoffOptions = { baseMs: 250, capMs: 4000, stableMs: 60_000 };

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
function memory(): { heap: number; rss: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, rss: m.rss };
}
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

describe('fault: WhatsApp server drops every connection for a minute', function () {
  this.timeout(5 * 60_000);
  const t = useTestDb();

  it('backs off on schedule, one socket at a time, memory flat', async () => {
    const connectedAt: number[] = [];
    let open = 0;
    let maxOpen = 0;
    let n = 0;
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (ws) => {
      connectedAt.push(Date.now());
      open++;
      maxOpen = Math.max(maxOpen, open);
      ws.on('close', () => { open--; });
      ws.on('error', () => undefined);
      // Three ways to drop: at once, after a moment, or after the client's first frame.
      const how = n++ % 3;
      if (how === 0) ws.terminate();
      else if (how === 1) setTimeout(() => ws.terminate(), 20 + Math.random() * 200);
      else ws.once('message', () => ws.close(1011, 'going away'));
    });
    await new Promise((r) => server.once('listening', r));
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws/chat`;

    const { id } = await addSession(t.db, { transport: 'whatsapp', purpose: 'both' });
    await t.db.exec(`UPDATE sender_sessions SET status = 'closed' WHERE id = $1`, [id]);
    const key = randomBytes(32);
    const seed = await usePostgresAuthState(t.db, id, key);
    seed.state.creds.me = { id: '923009999999:7@s.whatsapp.net' }; // linked: it logs in, not registers
    await seed.saveCreds();

    const channels: WhatsAppChannel[] = [];
    const manager = new SessionManager(gatewayCtx(t.db), {
      ownerId: 'fault-drop', heartbeatMs: 5_000,
      channelFactory: async (row) => {
        const ch = new WhatsAppChannel({
          sessionId: row.id, db: t.db, log: silentLog, auth: await usePostgresAuthState(t.db, row.id, key),
          version: async () => PINNED_WA_VERSION, backoff: BACKOFF,
          socketConfig: { waWebSocketUrl: url, connectTimeoutMs: 10_000 },
        });
        channels.push(ch);
        return ch;
      },
    });
    const closes: Array<{ at: number; retryInMs: number }> = [];
    manager.on('status', (e) => {
      const s = e.status as Extract<ChannelStatus, { state: 'closed' }>;
      if (s.state === 'closed' && s.retryInMs !== undefined) closes.push({ at: Date.now(), retryInMs: s.retryInMs });
    });
    let maxLive = 0;
    const sampler = setInterval(() => { maxLive = Math.max(maxLive, ...channels.map((c) => c.liveSockets)); }, 10);

    const started = Date.now();
    let baseline: { heap: number; rss: number } | undefined;
    try {
      await manager.start();
      // Baseline after the first few cycles (Baileys' lazy modules loaded), then the rest of the minute.
      await new Promise((r) => setTimeout(r, 10_000));
      baseline = memory();
      await new Promise((r) => setTimeout(r, RUN_MS - 10_000));
    } finally {
      clearInterval(sampler);
      await manager.stop();
    }
    const elapsed = Date.now() - started;
    const end = memory();
    const afterStop = connectedAt.length;
    await new Promise((r) => setTimeout(r, 1500));
    await new Promise((r) => server.close(r));

    // The k-th retry in a row waits within [base, min(cap, base * 2^k)].
    closes.forEach((c, k) => expect(c.retryInMs, `retry #${k}`).to.be.within(BACKOFF.baseMs, Math.min(BACKOFF.capMs, BACKOFF.baseMs * 2 ** k)));
    // Each new connection came no sooner than the retry announced before it (10 ms timer slack).
    let tooEarly = 0;
    for (let i = 1; i < connectedAt.length; i++) {
      const announced = closes[i - 1];
      if (!announced || connectedAt[i]! - announced.at < announced.retryInMs - 10) tooEarly++;
    }
    const minAttempts = Math.floor(elapsed / BACKOFF.capMs) - 2; // it keeps trying, at worst every cap
    const maxAttempts = Math.ceil(elapsed / BACKOFF.baseMs) + 1; // never faster than the base
    console.log(`      [figures] gateway drop: ${Math.round(elapsed / 1000)} s, connection attempts ${connectedAt.length} `
      + `(schedule allows ${minAttempts}–${maxAttempts}), retries too early ${tooEarly}, most sockets at once ${maxOpen}, `
      + `heap ${mb(baseline!.heap)} → ${mb(end.heap)} (Δ ${mb(end.heap - baseline!.heap)}), rss ${mb(baseline!.rss)} → ${mb(end.rss)} (Δ ${mb(end.rss - baseline!.rss)})`);
    expect(tooEarly).to.equal(0);
    expect(connectedAt.length).to.be.within(minAttempts, maxAttempts);
    expect(maxOpen).to.equal(1);
    expect(maxLive).to.equal(1);
    expect(channels).to.have.length(1);
    expect(connectedAt.length).to.equal(afterStop); // no attempt after stop
    expect(channels[0]!.liveSockets).to.equal(0);
    // Flat: a leak of one socket's state per cycle (~30 cycles) would show as many MB.
    expect(end.heap - baseline!.heap).to.be.below(10 * 1024 * 1024);
  });
});
