// Dispatch throughput against campaign size, and where the time goes (issue 22 items 1–3).
// 50 sandbox senders of one account at pacing 0 (the layout of bench/dispatch), a campaign of
// each size in BENCH_SIZES, on a fresh database each run. With BENCH_IMPLS=a,b (built dist
// trees, e.g. `.base-dist` from main and `dist`) the runs of each size alternate between them
// in one process on one embedded PostgreSQL, so before/after share the machine's load.
// Per run it also reports, from pg_stat_statements, statements and transactions per batch of
// 200 (claim + send record + settlement, the sandbox's own message writes counted apart) and,
// from pg_stat_activity sampled every 20 ms, what the backends waited on.
// Run: npm run build && BENCH_SIZES=20000,200000 BENCH_ROUNDS=3 node dist/bench/dispatch-scale.js
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { startTestServer, stopTestServer } from '../test/helpers/pg.js';
import { median, report } from './lib/report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const SIZES = (process.env.BENCH_SIZES ?? '20000,200000,1000000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SENDERS = Number(process.env.BENCH_SENDERS ?? 50);
// BENCH_ACCOUNTS=50 with BENCH_SENDERS=200: 4 senders and one campaign per account.
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1);
const IMPLS = (process.env.BENCH_IMPLS ?? path.resolve(here, '..')).split(',').map((p) => path.resolve(p));

interface Impl {
  root: string; label: string;
  mod: {
    openDb: typeof import('../src/db/database.js').openDb;
    migrate: typeof import('../src/db/migrate.js').migrate;
    createAccount: typeof import('../src/accounts.js').createAccount;
    reserve: typeof import('../src/credits.js').reserve;
    claimForSender: typeof import('../src/dispatch/claim.js').claimForSender;
    Dispatcher: typeof import('../src/dispatch/dispatcher.js').Dispatcher;
    SandboxChannel: typeof import('../src/gateway/sandbox-channel.js').SandboxChannel;
    testConfig: typeof import('../test/jobs/fixtures.js').testConfig;
    silentLog: typeof import('../test/helpers/pg.js').silentLog;
    systemClock: typeof import('../src/clock.js').systemClock;
    SYSTEM: typeof import('../src/audit.js').SYSTEM;
  };
}

async function load(root: string): Promise<Impl> {
  const imp = (p: string) => import(pathToFileURL(path.join(root, p)).href);
  const [database, migrate, accounts, credits, claim, dispatcher, sandbox, fixtures, pgh, clock, audit] = await Promise.all([
    imp('src/db/database.js'), imp('src/db/migrate.js'), imp('src/accounts.js'), imp('src/credits.js'), imp('src/dispatch/claim.js'),
    imp('src/dispatch/dispatcher.js'), imp('src/gateway/sandbox-channel.js'), imp('test/jobs/fixtures.js'), imp('test/helpers/pg.js'),
    imp('src/clock.js'), imp('src/audit.js')]);
  return {
    root, label: path.basename(root),
    mod: {
      openDb: database.openDb, migrate: migrate.migrate, createAccount: accounts.createAccount, reserve: credits.reserve,
      claimForSender: claim.claimForSender, Dispatcher: dispatcher.Dispatcher, SandboxChannel: sandbox.SandboxChannel,
      testConfig: fixtures.testConfig, silentLog: pgh.silentLog, systemClock: clock.systemClock, SYSTEM: audit.SYSTEM,
    },
  };
}

const adminUrl = () => process.env.WA_TEST_ADMIN_URL!;
const withDb = (url: string, name: string) => { const u = new URL(url); u.pathname = `/${name}`; return u.toString(); };
async function admin<T>(fn: (c: pg.Client) => Promise<T>, db = 'postgres'): Promise<T> {
  const c = new pg.Client({ connectionString: withDb(adminUrl(), db) });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

interface RunFigures { rate: number; batches: number; stmtsPerBatch: number; txPerBatch: number; sandboxStmtsPerBatch: number; waits: Record<string, number>; top: string[] }

let seq = 0;
async function runOnce(impl: Impl, template: string, messages: number): Promise<RunFigures> {
  const m = impl.mod;
  const name = `bench_${impl.label.replace(/\W/g, '')}_${seq++}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  const url = withDb(adminUrl(), name);
  const db = await m.openDb({ url, poolMax: 10 });
  const claimDb = await m.openDb({ url, poolMax: 5 });
  try {
    await db.exec(`INSERT INTO plans (name, daily_limit, senders_allowed) VALUES ('bench', 10000000, 1000)`);
    const ids: number[] = [];
    const campaignIds: number[] = [];
    const accountIds: number[] = [];
    const per = Math.floor(messages / ACCOUNTS);
    for (let a = 0; a < ACCOUNTS; a++) {
      const { account } = await m.createAccount(db, { name: `bench ${a}`, ownerPhone: `+92300${String(1_000_000 + a)}`, planName: 'bench', credits: per }, m.SYSTEM);
      accountIds.push(account.id);
      for (let i = 0; i < SENDERS / ACCOUNTS; i++) {
        ids.push((await db.one<{ id: number }>(`INSERT INTO sender_sessions (account_id, transport, status, purpose, warmup, next_send_at)
          VALUES ($1, 'sandbox', 'open', 'campaigns', false, '2000-01-01') RETURNING id`, [account.id]))!.id);
      }
      const c = await db.one<{ id: number }>(`INSERT INTO campaigns (account_id, name, body, status, launched_at) VALUES ($1, 'bench', 'Hi', 'running', now()) RETURNING id`, [account.id]);
      await db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, body) SELECT $1, $2, '+9231' || lpad($4::text, 2, '0') || lpad(g::text, 7, '0'), 'Hi ' || g FROM generate_series(1, $3) g`, [c!.id, account.id, per, a]);
      await m.reserve(db, account.id, per, c!.id);
      campaignIds.push(c!.id);
    }
    messages = per * ACCOUNTS;
    await db.exec('VACUUM ANALYZE outbox');
    const ctx = { db, clock: m.systemClock, log: m.silentLog, config: m.testConfig({ SEND_BATCH: '200' }) };
    const channels = new Map(ids.map((id) => [id, new m.SandboxChannel({ sessionId: id, db, log: m.silentLog, deliveredMs: 600_000, readMs: -1, failureRate: 0 })]));
    for (const ch of channels.values()) await ch.connect();
    const dispatcher = new m.Dispatcher(ctx, { channel: (id: number) => channels.get(id), ownedSessionIds: () => ids });
    await admin((a) => a.query('SELECT pg_stat_statements_reset()'), name);
    // What backends of this database wait on, sampled.
    const waits: Record<string, number> = {};
    let sampling = true;
    const sampler = admin(async (a) => {
      while (sampling) {
        const r = await a.query(`SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS w, count(*)::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND state = 'active' GROUP BY 1`, [name]);
        for (const row of r.rows) waits[row.w] = (waits[row.w] ?? 0) + row.n;
        await new Promise((res) => setTimeout(res, 20));
      }
    }, name);
    let sent = 0;
    let batches = 0;
    const started = process.hrtime.bigint();
    await Promise.all(ids.map(async (id) => {
      for (;;) {
        const batch = await m.claimForSender(claimDb, ctx.config, ctx.clock, id);
        if (!batch) return;
        batches++;
        const r = await dispatcher.dispatch(batch);
        sent += r.sent;
      }
    }));
    const secs = Number(process.hrtime.bigint() - started) / 1e9;
    sampling = false;
    await sampler;
    for (const ch of channels.values()) await ch.close();
    if (sent !== messages) throw new Error(`sent ${sent} of ${messages}`);
    const done = await db.one<{ n: number; open: number }>(`SELECT count(*) FILTER (WHERE status = 'sent')::int AS n,
      (SELECT count(*)::int FROM campaigns WHERE id = ANY($1::int[]) AND status <> 'completed') AS open FROM outbox`, [campaignIds]);
    if (done!.n !== messages || done!.open !== 0) throw new Error(`${done!.n} rows sent of ${messages}, ${done!.open} campaigns not completed`);
    const ledger = await db.one<{ ok: boolean }>(`SELECT bool_and(a >= 0 AND r = 0) AS ok FROM (SELECT sum(available_delta) AS a, sum(reserved_delta) AS r
      FROM credit_ledger WHERE account_id = ANY($1::int[]) GROUP BY account_id) l`, [accountIds]);
    if (!ledger?.ok) throw new Error('ledger does not balance');
    if (process.env.BENCH_EXPLAIN) {
      // The completion probe and the status read, on the finished campaign (all rows sent).
      for (const sql of [
        `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT c.id FROM campaigns c WHERE c.id = ANY($1::int[]) AND c.status = 'completed'
           AND (SELECT coalesce(sum(n), 0) FROM campaign_counts cc WHERE cc.campaign_id = c.id AND cc.status IN ('queued', 'sending')) = 0`,
        `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) SELECT status, nullif(reason, '') AS reason, sum(n)::int AS n FROM campaign_counts
           WHERE campaign_id = ANY($1::int[]) GROUP BY status, reason HAVING sum(n) <> 0`]) {
        const plan = await db.query<{ 'QUERY PLAN': string }>(sql, [campaignIds]).catch((e: Error) => [{ 'QUERY PLAN': e.message }]);
        console.log(`  plan at ${messages} rows:\n${plan.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}`);
      }
    }
    const stats = await admin((a) => a.query<{ query: string; calls: string }>(
      `SELECT query, calls::bigint AS calls FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = $1 AND query NOT ILIKE '%pg_stat%' ORDER BY calls DESC`, [name]), name);
    let all = 0; let sandbox = 0; let tx = 0;
    for (const s of stats.rows) {
      const n = Number(s.calls);
      if (/sandbox_messages/i.test(s.query)) sandbox += n; else all += n;
      if (/^\s*(COMMIT|ROLLBACK)/i.test(s.query)) tx += n;
    }
    return {
      rate: sent / secs, batches, stmtsPerBatch: all / batches, txPerBatch: tx / batches, sandboxStmtsPerBatch: sandbox / batches, waits,
      top: stats.rows.slice(0, 14).map((s) => `${(Number(s.calls) / batches).toFixed(2)}/batch  ${s.query.replace(/\s+/g, ' ').slice(0, 150)}`),
    };
  } finally {
    await claimDb.close();
    await db.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

await startTestServer({ extraFlags: ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track_utility=on', 'track_activities=on'] });
try {
  const impls = await Promise.all(IMPLS.map(load));
  const templates = new Map<Impl, string>();
  for (const impl of impls) {
    const t = `bench_tpl_${impl.label.replace(/\W/g, '')}`;
    await admin((c) => c.query(`CREATE DATABASE ${t}`));
    const db = await impl.mod.openDb({ url: withDb(adminUrl(), t), poolMax: 2 });
    await impl.mod.migrate(db);
    await db.exec('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await db.close();
    templates.set(impl, t);
  }
  await admin((c) => c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'));
  // Warm-up, untimed.
  for (const impl of impls) await runOnce(impl, templates.get(impl)!, 1_000);
  const results = new Map<string, RunFigures[]>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const size of SIZES) {
      const order = round % 2 ? [...impls].reverse() : impls;
      for (const impl of order) {
        const load1 = os.loadavg()[0]!;
        const r = await runOnce(impl, templates.get(impl)!, size);
        const key = `${impl.label} ${size}`;
        results.set(key, [...(results.get(key) ?? []), r]);
        const waitTotal = Object.values(r.waits).reduce((a, b) => a + b, 0) || 1;
        const waits = Object.entries(r.waits).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([w, n]) => `${w} ${Math.round((100 * n) / waitTotal)}%`).join(', ');
        console.log(`[round ${round + 1}] ${key}: ${Math.round(r.rate)} msg/s · ${r.stmtsPerBatch.toFixed(1)} statements and ${r.txPerBatch.toFixed(2)} commits per batch (+${r.sandboxStmtsPerBatch.toFixed(1)} sandbox writes) · load ${load1.toFixed(1)} · waits: ${waits}`);
        if (process.env.BENCH_TOP) for (const line of r.top) console.log(`    ${line}`);
      }
    }
  }
  for (const [key, rs] of results) {
    const rates = rs.map((r) => r.rate);
    console.log(`${key}: median ${Math.round(median(rates))} min ${Math.round(Math.min(...rates))} max ${Math.round(Math.max(...rates))} msg/s (n=${rs.length}); ${median(rs.map((r) => r.stmtsPerBatch)).toFixed(1)} statements/batch`);
    report({ name: `dispatch ${key} recipients, ${SENDERS} senders`, value: median(rates), unit: 'msg/s', better: 'higher' });
  }
  for (const impl of impls) {
    const small = results.get(`${impl.label} ${SIZES[0]}`);
    const big = results.get(`${impl.label} ${SIZES[SIZES.length - 1]}`);
    if (small && big && SIZES.length > 1) console.log(`${impl.label}: ${SIZES[SIZES.length - 1]} / ${SIZES[0]} = ${(median(big.map((r) => r.rate)) / median(small.map((r) => r.rate))).toFixed(2)}`);
  }
} finally {
  await stopTestServer();
}
