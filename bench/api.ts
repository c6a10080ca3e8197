// The API platform (issue 15 item 7), against the running product (`wa-chatops start`, sandbox
// transport, embedded PostgreSQL in its own data directory under the OS temp dir):
//  - API throughput and p99 with autocannon from 127.0.0.1 (10 keep-alive connections):
//    `GET /api/v1/balance` (cheap) and `GET /api/v1/campaigns/{name}` on 100,000 recipients;
//    every call goes through the token look-up, the burst limit and the daily quota as in use;
//  - webhook lag: receipts applied at 500 events/s (`applyReceipt`, as the gateway applies them,
//    from this process on its own pool) while the product's deliver-webhooks job delivers them
//    to a receiver in this process; lag = receipt applied → webhook received, p50/p99;
//  - webhook fan-out: 10,000 events written in one statement, the time until the receiver has
//    them all (events/s delivered by the product's job).
// Run: npm run build && node dist/bench/api.js   (BENCH_PORT / BENCH_PG_PORT to choose the ports)
//   (BENCH_LOAD_SECONDS 10, BENCH_CONNECTIONS 10, BENCH_EVENT_RATE 500, BENCH_LAG_SECONDS 20, BENCH_FANOUT 10000)
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { createAccount } from '../src/accounts.js';
import { createApiToken } from '../src/api/tokens.js';
import { SYSTEM } from '../src/audit.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import type { Ctx } from '../src/context.js';
import { openDb } from '../src/db/database.js';
import { applyReceipt } from '../src/dispatch/receipts.js';
import { createLogger } from '../src/logger.js';
import { addSession } from '../src/senders/index.js';
import { createWebhookEndpoint } from '../src/webhooks/endpoints.js';
import { percentile, report } from './lib/report.js';
import { embeddedUrl, freePort, startProduct } from './lib/running-app.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const RATE = Number(process.env.BENCH_EVENT_RATE ?? 500);
const LAG_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 20);
const FANOUT = Number(process.env.BENCH_FANOUT ?? 10_000);
const RECIPIENTS = 100_000;
const RECEIPTS = RATE * LAG_SECONDS;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wa-bench-api-'));
chmodSync(dataDir, 0o755); // the embedded server runs as the postgres user, which must enter it
const port = Number(process.env.BENCH_PORT) || await freePort();
const pgPort = Number(process.env.BENCH_PG_PORT) || await freePort();
const env: Record<string, string> = {
  DATA_DIR: dataDir, PORT: String(port), PG_PORT: String(pgPort), HOST: '127.0.0.1', WA_TRANSPORT: 'sandbox', SANDBOX_PACING_MS: '0',
  SESSION_SECRET: 'bench-session-secret-0123456789abcdef', ENCRYPTION_KEY: 'b'.repeat(64), WEBHOOK_ALLOW_PRIVATE: 'true',
  API_BURST_PER_SECOND: '1000000', BUILD_ON_START: 'off', // a bench measures the build it was given
};

// The receiver: verifies every signature, notes when each message's event arrived.
const arrivals = new Map<string, number>();
let received = 0;
let badSignatures = 0;
let secret = '';
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = performance.now();
    const body = Buffer.concat(chunks).toString();
    try {
      const ev = new Webhook(secret).verify(body, {
        'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']),
      }) as { data: { message_id: string } };
      received++;
      if (!arrivals.has(ev.data.message_id)) arrivals.set(ev.data.message_id, at);
      res.statusCode = 204;
    } catch {
      badSignatures++;
      res.statusCode = 400;
    }
    res.end();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

interface Prepared { token: string; campaign: string; hookCampaignId: number; sessionId: number; endpointId: number; accountId: number }

/** A fresh data directory: first start (cluster, migrations), then the bench's data. */
async function prepare(): Promise<Prepared> {
  const first = startProduct(repo, env);
  try {
    await first.waitForLog(/^wa-chatops ready/);
    const db = await openDb({ url: embeddedUrl(dataDir, pgPort), poolMax: 2 });
    try {
      const ctx: Ctx = { db, clock: systemClock, log: createLogger({ level: 'silent' }), config: loadConfig({ ...process.env, ...env }) };
      await db.exec(`INSERT INTO plans (name, daily_limit, senders_allowed, api_quota_per_day) VALUES ('bench', 1000000, 5, 100000000)`);
      const { account } = await createAccount(db, { name: 'bench', ownerPhone: '+923001112222', planName: 'bench', credits: 1000 }, SYSTEM);
      const sessionId = (await addSession(db, { accountId: account.id, transport: 'sandbox', purpose: 'campaigns', label: 'bench' })).id;
      const token = (await createApiToken(ctx, account.id, { name: 'bench' }, SYSTEM)).token;
      const big = await db.one<{ id: number }>(
        `INSERT INTO campaigns (account_id, name, body, status, launched_at, completed_at, recipients)
         VALUES ($1, 'big', 'Hello {{name}}', 'completed', now() - interval '1 hour', now(), $2) RETURNING id`, [account.id, RECIPIENTS]);
      await db.exec(
        `INSERT INTO outbox (campaign_id, account_id, phone, body, status, credit_state, sent_at, delivered_at, read_at, failed_at, reason)
         SELECT $1, $2, '+92310' || lpad(g::text, 7, '0'), 'Hello',
                (ARRAY['sent','delivered','read','failed'])[1 + g % 4], CASE WHEN g % 4 = 3 THEN 'released' ELSE 'debited' END,
                now() - make_interval(secs => g % 3600), CASE WHEN g % 4 IN (1, 2) THEN now() END, CASE WHEN g % 4 = 2 THEN now() END,
                CASE WHEN g % 4 = 3 THEN now() END, CASE WHEN g % 4 = 3 THEN 'bench failure' END
           FROM generate_series(1, $3) g`, [big!.id, account.id, RECIPIENTS]);
      // The campaign whose sent messages get receipts during the lag phase.
      const hooks = await db.one<{ id: number }>(
        `INSERT INTO campaigns (account_id, name, body, status, launched_at, recipients) VALUES ($1, 'hooks', 'Hi', 'running', now(), $2) RETURNING id`, [account.id, RECEIPTS]);
      await db.exec(
        `INSERT INTO outbox (campaign_id, account_id, phone, body, status, credit_state, sent_at, sender_session_id, wa_message_id)
         SELECT $1, $2, '+92320' || lpad(g::text, 7, '0'), 'Hi', 'sent', 'debited', now(), $3, 'BENCH' || g
           FROM generate_series(1, $4) g`, [hooks!.id, account.id, sessionId, RECEIPTS]);
      await db.exec('ANALYZE outbox');
      const ep = await createWebhookEndpoint(ctx, account.id, { url: hookUrl, events: ['message.delivered'] }, SYSTEM);
      secret = ep.secret;
      return { token, campaign: 'big', hookCampaignId: hooks!.id, sessionId, endpointId: ep.id, accountId: account.id };
    } finally {
      await db.close();
    }
  } finally {
    await first.stop();
  }
}

interface Cannon { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; timeouts: number }

async function cannon(url: string, headers: string[]): Promise<Cannon> {
  const args = [path.join(repo, 'node_modules', 'autocannon', 'autocannon.js'), '-j', '-d', String(LOAD_SECONDS), '-c', String(CONNECTIONS), ...headers.flatMap((h) => ['-H', h]), url];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 2 ** 20 });
  return JSON.parse(stdout) as Cannon;
}

async function waitFor(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > until) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

try {
  const p = await prepare();
  const app = startProduct(repo, env);
  let db: Awaited<ReturnType<typeof openDb>> | undefined;
  try {
    await app.waitForLog(/^wa-chatops ready/);
    await app.waitForLog(/command NLU ready/); // the NLU trains on the main thread after "ready": not what is measured
    db = await openDb({ url: embeddedUrl(dataDir, pgPort), poolMax: 10 });
    const base = `http://127.0.0.1:${port}/api/v1`;
    const auth = `Authorization: Bearer ${p.token}`;
    const check = await fetch(`${base}/campaigns/${p.campaign}`, { headers: { authorization: `Bearer ${p.token}` } });
    const status = await check.json() as { total?: number };
    if (check.status !== 200 || status.total !== RECIPIENTS) throw new Error(`campaign status answered ${check.status} with total ${status.total}`);

    // 1. Request throughput and p99.
    for (const [label, url] of [['GET /api/v1/balance', `${base}/balance`], [`GET /api/v1/campaigns/{name}, ${RECIPIENTS.toLocaleString('en-US')} recipients`, `${base}/campaigns/${p.campaign}`]] as const) {
      const r = await cannon(url, [auth]);
      const bad = r.non2xx + r.errors + r.timeouts;
      console.log(`${label}: ${Math.round(r.requests.average)} requests/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${CONNECTIONS} connections, ${LOAD_SECONDS} s, ${bad} non-2xx/errors; load ${os.loadavg()[0]!.toFixed(1)}`);
      if (bad) throw new Error(`${label}: ${bad} requests failed under load`);
      report({ name: `API ${label} requests/s (${CONNECTIONS} connections)`, value: r.requests.average, unit: 'req/s', better: 'higher' });
      report({ name: `API ${label} p99 latency`, value: r.latency.p99, unit: 'ms', better: 'lower', ...(label.includes('campaigns') ? { target: 50 } : {}) });
    }

    // 2. Lag from a receipt to its webhook at RATE events/s.
    const ctx: Ctx = { db, clock: systemClock, log: createLogger({ level: 'silent' }), config: loadConfig({ ...process.env, ...env }) };
    const appliedAt = new Map<string, number>();
    const t0 = performance.now();
    let next = 1;
    let inFlight = 0;
    let lateMs = 0;
    await new Promise<void>((resolve, reject) => {
      const tick = () => {
        const due = Math.min(RECEIPTS, Math.floor(((performance.now() - t0) / 1000) * RATE) + 1);
        while (next <= due && inFlight < 50) {
          const messageId = `BENCH${next++}`;
          inFlight++;
          const at = performance.now();
          appliedAt.set(messageId, at);
          applyReceipt(ctx, { sessionId: p.sessionId, messageId, status: 'delivered', at: new Date() })
            .then(() => { inFlight--; }, reject);
        }
        if (next <= RECEIPTS) {
          lateMs = Math.max(lateMs, performance.now() - t0 - (next - 1) * (1000 / RATE));
          setTimeout(tick, 5);
        } else void waitFor(() => inFlight === 0, 60_000).then(() => resolve());
      };
      tick();
    });
    const applySeconds = (performance.now() - t0) / 1000;
    const allIn = await waitFor(() => arrivals.size >= RECEIPTS, 120_000);
    if (!allIn) throw new Error(`${arrivals.size} of ${RECEIPTS} receipts arrived as webhooks within 120 s of the last receipt`);
    const lags = [...appliedAt].map(([id, at]) => arrivals.get(id)! - at).sort((a, b) => a - b);
    console.log(`receipts applied at ${Math.round(RECEIPTS / applySeconds)} /s (asked ${RATE}; at most ${Math.round(lateMs)} ms behind the schedule); ${received} webhooks received, ${badSignatures} bad signatures; load ${os.loadavg()[0]!.toFixed(1)}`);
    if (badSignatures) throw new Error(`${badSignatures} webhooks with a bad signature`);
    report({ name: `receipts applied per second (asked ${RATE})`, value: RECEIPTS / applySeconds, unit: 'events/s', better: 'higher' });
    report({ name: `webhook lag p50, receipt to webhook received, ${RATE} events/s`, value: percentile(lags, 50), unit: 'ms', better: 'lower' });
    report({ name: `webhook lag p99, receipt to webhook received, ${RATE} events/s`, value: percentile(lags, 99), unit: 'ms', better: 'lower', target: 2000 });

    // 3. Fan-out: a backlog of FANOUT events, delivered as fast as the job goes.
    arrivals.clear();
    const f0 = performance.now();
    await db.exec(
      `WITH ev AS (INSERT INTO webhook_events (account_id, type, payload)
                   SELECT $1, 'message.delivered', jsonb_build_object('message_id', 'FAN' || g, 'campaign_id', $3::int, 'at', now()) FROM generate_series(1, $4) g
                   RETURNING id)
       INSERT INTO webhook_deliveries (event_id, endpoint_id) SELECT id, $2 FROM ev ORDER BY id`, [p.accountId, p.endpointId, p.hookCampaignId, FANOUT]);
    const written = performance.now();
    if (!(await waitFor(() => arrivals.size >= FANOUT, 300_000))) throw new Error(`${arrivals.size} of ${FANOUT} backlog events arrived within 300 s`);
    const last = Math.max(...arrivals.values());
    const first = Math.min(...arrivals.values());
    console.log(`fan-out: ${FANOUT} events written in ${Math.round(written - f0)} ms; first arrived ${Math.round(first - written)} ms after the commit, last ${Math.round(last - written)} ms; load ${os.loadavg()[0]!.toFixed(1)}`);
    report({ name: `webhook fan-out, ${FANOUT.toLocaleString('en-US')}-event backlog to one local receiver`, value: FANOUT / ((last - written) / 1000), unit: 'events/s', better: 'higher' });
  } finally {
    await db?.close();
    await app.stop();
  }
} finally {
  receiver.closeAllConnections();
  receiver.close();
  rmSync(dataDir, { recursive: true, force: true });
}
