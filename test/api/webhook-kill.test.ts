import { expect } from 'chai';
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { recordEvent } from '../../src/webhooks/events.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount } from '../helpers/world.js';
import { apiApp, apiCtx, client, makeToken } from './helpers.js';

const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'deliver-process.js');

describe('api: webhooks are never lost when the delivering process is killed', () => {
  const t = useTestDb();

  it('kill -9 during delivery, restart: every event arrives at least once with the same id; dedupe by id sees each exactly once', async function () {
    this.timeout(120_000);
    const ctx = apiCtx(t.db, { ENCRYPTION_KEY: 'a'.repeat(64), WEBHOOK_ALLOW_PRIVATE: 'true' });
    const { accountId } = await makeAccount(t.db);
    // The receiver holds its first answers for a long time: the process dies with them in flight.
    const arrivals: string[] = [];
    const unique = new Map<string, number>();
    let slow = 1;
    let secret = '';
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
        new Webhook(secret).verify(body, headers); // throws on a bad signature (the test then misses events)
        arrivals.push(headers['webhook-id']);
        const id = headers['webhook-id'];
        unique.set(id, (unique.get(id) ?? 0) + 1);
        if (slow-- > 0) setTimeout(() => { res.statusCode = 200; res.end(); }, 20_000).unref();
        else { res.statusCode = 204; res.end(); }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const start = () => new Promise<ChildProcess>((resolve) => { const c = fork(worker, [t.url], { stdio: 'ignore' }); c.once('message', () => resolve(c)); });
    try {
      const api = client(apiApp(ctx), await makeToken(ctx, accountId));
      secret = (await api.post('/webhooks', { url, events: ['message.delivered'] })).body.secret;
      const N = 200;
      await t.db.tx(async (q) => { for (let i = 0; i < N; i++) await recordEvent(q, accountId, 'message.delivered', { message_id: `m${i}` }); });

      let child = await start();
      const until = Date.now() + 20_000;
      while (arrivals.length < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const inFlight = await t.db.one<{ n: number }>("SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending'");
      expect(inFlight!.n).to.be.greaterThan(0);
      // The dead process's lease (30 s) runs out; shortened here instead of waiting.
      await t.db.exec('UPDATE webhook_deliveries SET locked_until = now() - interval \'1 second\' WHERE locked_until IS NOT NULL');
      child = await start();
      const until2 = Date.now() + 60_000;
      while (unique.size < N && Date.now() < until2) await new Promise((r) => setTimeout(r, 50));
      // The receiver sees the last request before the deliverer records its answer: let it settle.
      const pending = async () => (await t.db.one<{ n: number }>("SELECT count(*)::int AS n FROM webhook_deliveries WHERE status <> 'delivered'"))!.n;
      while ((await pending()) > 0 && Date.now() < until2 + 10_000) await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGKILL');
      expect(unique.size).to.equal(N);
      const ids = (await t.db.query<{ id: number }>('SELECT id FROM webhook_events ORDER BY id')).map((e) => `msg_${e.id}`);
      expect([...unique.keys()].sort()).to.deep.equal(ids.sort());
      expect(arrivals.length).to.be.greaterThan(N - 1); // at least once; repeats carry the same id
      expect(await pending()).to.equal(0);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
