// The real makeWASocket against a local WebSocket server that drops every connection:
// the session manager must back off, never spin, and never hold two sockets at once.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { usePostgresAuthState } from '../../src/gateway/auth-store.js';
import type { ChannelStatus } from '../../src/gateway/channel.js';
import { SessionManager } from '../../src/gateway/session-manager.js';
import { addSession } from '../../src/senders/index.js';
import { PINNED_WA_VERSION } from '../../src/gateway/wa-version.js';
import { WhatsAppChannel } from '../../src/gateway/whatsapp-channel.js';
import { silentLog, useTestDb } from '../helpers/pg.js';
import { waitFor } from '../helpers/wait-for.js';
import { gatewayCtx } from './helpers/ctx.js';

describe('real Baileys socket against a dropping WebSocket server', () => {
  const t = useTestDb();
  let server: WebSocketServer;
  let connections = 0;
  let open = 0;
  let maxOpen = 0;

  before(async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (ws) => {
      connections++;
      open++;
      maxOpen = Math.max(maxOpen, open);
      ws.on('close', () => { open--; });
      setTimeout(() => ws.terminate(), 20);
    });
    await new Promise((r) => server.once('listening', r));
  });
  after(async () => { await new Promise((r) => server.close(r)); });

  it('backs off between attempts and stops connecting once stopped', async function () {
    this.timeout(20_000);
    const { id } = await addSession(t.db, { transport: 'whatsapp', purpose: 'both' });
    await t.db.exec(`UPDATE sender_sessions SET status = 'closed' WHERE id = $1`, [id]);
    const key = randomBytes(32);
    const seed = await usePostgresAuthState(t.db, id, key);
    seed.state.creds.me = { id: '923009999999:7@s.whatsapp.net' }; // a linked session: it logs in, not registers
    await seed.saveCreds();
    const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws/chat`;
    const channels: WhatsAppChannel[] = [];
    const ctx = gatewayCtx(t.db);
    const manager = new SessionManager(ctx, {
      ownerId: 'proc-real', heartbeatMs: 60_000,
      channelFactory: async (row) => {
        const ch = new WhatsAppChannel({
          sessionId: row.id, db: t.db, log: silentLog, auth: await usePostgresAuthState(t.db, row.id, key),
          version: async () => PINNED_WA_VERSION, backoff: { baseMs: 100, capMs: 400, stableMs: 60_000 },
          socketConfig: { waWebSocketUrl: url, connectTimeoutMs: 5_000 },
        });
        channels.push(ch);
        return ch;
      },
    });
    const statuses: ChannelStatus[] = [];
    manager.on('status', (e) => statuses.push(e.status));
    const started = Date.now();
    await manager.start();
    await waitFor(() => connections >= 4, 'four connection attempts', 10_000);
    const elapsed = Date.now() - started;
    const closes = statuses.filter((s): s is Extract<ChannelStatus, { state: 'closed' }> => s.state === 'closed');
    expect(closes.length).to.be.greaterThanOrEqual(3);
    for (const c of closes) expect(c.retryInMs).to.be.within(100, 400);
    // Each attempt waits at least the 100 ms floor: a spinning loop would make hundreds.
    expect(connections).to.be.at.most(Math.ceil(elapsed / 100) + 2);
    expect(maxOpen).to.equal(1);
    expect(channels).to.have.length(1);

    await manager.stop();
    const after = connections;
    await new Promise((r) => setTimeout(r, 600));
    expect(connections).to.equal(after);
    expect(channels[0]!.liveSockets).to.equal(0);
    expect((await t.db.one('SELECT status, owner_id FROM sender_sessions WHERE id = $1', [id]))).to.deep.equal({ status: 'closed', owner_id: null });
  });
});
