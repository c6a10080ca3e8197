// The running product (`wa-chatops start`, sandbox transport, embedded PostgreSQL in its own
// data directory under the OS temp dir):
//  - start-up to "ready" on an existing data directory (second start; the first one made it);
//  - idle RSS of the node process with the NLU loaded and 10 sandbox sender sessions open;
//  - the console under load with autocannon from 127.0.0.1 for a bounded time: /healthz and
//    an authenticated campaign page (a campaign of 10,000 recipients): requests/s and p99.
// Run: node dist/bench/app.js   (BENCH_LOAD_SECONDS, default 10; BENCH_CONNECTIONS, default 10)
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createAccount } from '../src/accounts.js';
import { createAdmin } from '../src/admins.js';
import { SYSTEM } from '../src/audit.js';
import { openDb } from '../src/db/database.js';
import { addSession } from '../src/senders/index.js';
import { recordTermsAcceptance } from '../src/terms.js';
import { report } from './lib/report.js';
import { embeddedUrl, freePort, rssMb, startProduct } from './lib/running-app.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SESSIONS = 10;
const IDLE_MS = 10_000;
const EMAIL = 'bench@example.com';
const PASSWORD = 'bench-password-123';
const ready = /^wa-chatops ready/;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wa-bench-app-'));
chmodSync(dataDir, 0o755); // the embedded server runs as the postgres user, which must enter it
const port = await freePort();
const pgPort = await freePort();
const env = { DATA_DIR: dataDir, PORT: String(port), PG_PORT: String(pgPort), HOST: '127.0.0.1', WA_TRANSPORT: 'sandbox', SANDBOX_PACING_MS: '0', SESSION_SECRET: 'bench-session-secret-0123456789abcdef' };

/** A fresh data directory: first start (cluster, migrations, NLU cache), then the bench's data. */
async function prepare(): Promise<number> {
  const first = startProduct(repo, env);
  try {
    await first.waitForLog(ready);
    await first.waitForLog(/command NLU ready/);
    const db = await openDb({ url: embeddedUrl(dataDir, pgPort), poolMax: 2 });
    try {
      await db.exec(`INSERT INTO plans (name, daily_limit, senders_allowed) VALUES ('bench', 100000, 20)`);
      const { account } = await createAccount(db, { name: 'bench', ownerPhone: '+923001112222', planName: 'bench', credits: 1000 }, SYSTEM);
      for (let i = 0; i < SESSIONS; i++) await addSession(db, { accountId: account.id, transport: 'sandbox', purpose: 'campaigns', label: `bench ${i + 1}` });
      const admin = await createAdmin(db, { email: EMAIL, password: PASSWORD }, SYSTEM);
      await recordTermsAcceptance(db, { adminUserId: admin.id, ip: '127.0.0.1', userAgent: 'bench' });
      const c = await db.one<{ id: number }>(
        `INSERT INTO campaigns (account_id, name, body, status, launched_at, completed_at, recipients)
         VALUES ($1, 'bench campaign', 'Hello {{name}}', 'completed', now() - interval '1 hour', now(), 10000) RETURNING id`, [account.id]);
      await db.exec(
        `INSERT INTO outbox (campaign_id, account_id, phone, body, status, credit_state, sent_at, delivered_at, read_at, failed_at, reason)
         SELECT $1, $2, '+92310' || lpad(g::text, 7, '0'), 'Hello',
                (ARRAY['sent','delivered','read','failed'])[1 + g % 4], CASE WHEN g % 4 = 3 THEN 'released' ELSE 'debited' END,
                now() - make_interval(secs => g % 3600), CASE WHEN g % 4 IN (1, 2) THEN now() END, CASE WHEN g % 4 = 2 THEN now() END,
                CASE WHEN g % 4 = 3 THEN now() END, CASE WHEN g % 4 = 3 THEN 'bench failure' END
           FROM generate_series(1, 10000) g`, [c!.id, account.id]);
      return c!.id;
    } finally {
      await db.close();
    }
  } finally {
    await first.stop();
  }
}

function cookiesOf(res: Response, jar: Map<string, string>): void {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const i = pair!.indexOf('=');
    jar.set(pair!.slice(0, i), pair!.slice(i + 1));
  }
}

async function login(base: string): Promise<string> {
  const jar = new Map<string, string>();
  const header = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const page = await fetch(`${base}/login`, { redirect: 'manual' });
  cookiesOf(page, jar);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error('no CSRF token on the login page');
  const res = await fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: header() },
    body: new URLSearchParams({ email: EMAIL, password: PASSWORD, _csrf: token, next: '/' }).toString(),
  });
  cookiesOf(res, jar);
  if (res.status !== 303) throw new Error(`login answered ${res.status}`);
  return header();
}

interface Cannon { requests: { average: number }; latency: { p99: number }; non2xx: number; errors: number; timeouts: number }

async function cannon(url: string, headers: string[] = []): Promise<Cannon> {
  const args = [path.join(repo, 'node_modules', 'autocannon', 'autocannon.js'), '-j', '-d', String(LOAD_SECONDS), '-c', String(CONNECTIONS), ...headers.flatMap((h) => ['-H', h]), url];
  const { stdout } = await promisify(execFile)(process.execPath, args, { maxBuffer: 16 * 2 ** 20 });
  return JSON.parse(stdout) as Cannon;
}

try {
  const campaignId = await prepare();
  const app = startProduct(repo, env);
  try {
    const readyMs = await app.waitForLog(ready);
    const nluMs = await app.waitForLog(/command NLU ready/);
    console.log(`start-up on an existing data directory: ready after ${Math.round(readyMs)} ms, NLU loaded after ${Math.round(nluMs)} ms`);
    report({ name: 'start-up to ready, existing data directory', value: readyMs / 1000, unit: 's', better: 'lower', target: 5 });

    const db = await openDb({ url: embeddedUrl(dataDir, pgPort), poolMax: 1 });
    try {
      for (let i = 0; ; i++) {
        const open = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM sender_sessions WHERE status = 'open' AND account_id IS NOT NULL`);
        if (open!.n >= SESSIONS) break;
        if (i > 300) throw new Error(`only ${open!.n} of ${SESSIONS} sessions opened`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await db.close();
    }
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const rss = rssMb(app.child.pid!);
    console.log(`idle RSS of the wa-chatops process, NLU loaded, ${SESSIONS} sandbox sessions open, after ${IDLE_MS / 1000} s idle: ${Math.round(rss)} MB (the embedded PostgreSQL's own processes not included)`);
    report({ name: `idle RSS, NLU loaded, ${SESSIONS} sessions`, value: rss, unit: 'MB', better: 'lower', target: 200 });

    const base = `http://127.0.0.1:${port}`;
    const cookie = await login(base);
    const check = await fetch(`${base}/campaigns/${campaignId}`, { headers: { cookie }, redirect: 'manual' });
    if (check.status !== 200) throw new Error(`campaign page answered ${check.status} when signed in`);
    for (const [label, url, headers] of [['/healthz', `${base}/healthz`, []], ['campaign page (signed in)', `${base}/campaigns/${campaignId}`, [`Cookie: ${cookie}`]]] as const) {
      const r = await cannon(url, [...headers]);
      const bad = r.non2xx + r.errors + r.timeouts;
      console.log(`${label}: ${Math.round(r.requests.average)} requests/s, p99 ${r.latency.p99} ms, ${CONNECTIONS} connections, ${LOAD_SECONDS} s, ${bad} non-2xx/errors`);
      if (bad) throw new Error(`${label}: ${bad} requests failed under load`);
      report({ name: `console ${label} requests/s (${CONNECTIONS} connections)`, value: r.requests.average, unit: 'req/s', better: 'higher' });
      report({ name: `console ${label} p99 latency`, value: r.latency.p99, unit: 'ms', better: 'lower' });
    }
  } finally {
    await app.stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
