// Scale-out across processes (issue 19 item 5, issue 22 item 5): 1, 2 and 4 real
// `wa-chatops start` processes (bin/wa-chatops.js, sandbox transport, scheduler on) against
// one PostgreSQL, 200 sandbox senders across 50 accounts (4 each, one running campaign per
// account).
//
// Part 1, pacing 0: total dispatch throughput (sandbox messages written / time from the first
// to the one half-way through the campaign) for each process count, its ratio to one process, and, in the 2- and 4-process
// runs, the lease hand-over when one process is SIGKILLed mid-campaign: time from the kill
// until every sender it drove has sent again from another process (LEASE_MS as configured).
//
// Part 2, realistic pacing (BENCH_PACED_S > 0): the same 200 senders on BENCH_PACED_PROCS
// processes in real time (no fake clock across processes). Each sender has a fixed gap of
// its own between 8 and 30 s (pacing_min_ms = pacing_max_ms, spread evenly), so its
// configured mean is exact and a per-sender mean within ±5 % says the product keeps it; a
// daily cap of BENCH_CAP per sender and a plan limit of BENCH_PLAN_LIMIT per account, which
// the fast senders reach within the run: any sender or account above its cap is a violation.
//
// Run: npm run build && node dist/bench/scale-out.js
//   BENCH_PROCS=1,2,4 BENCH_ROUNDS=3 BENCH_MESSAGES=100000 LEASE_MS=10000 RECONCILE_AFTER_MS=60000 BENCH_PACED_S=360 BENCH_PACED_PROCS=2
import { mkdtempSync, rmSync, chmodSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startCli, killStartedProcesses, type StartedProcess } from '../test/helpers/cli.js';
import { startTestServer, stopTestServer } from '../test/helpers/pg.js';
import { createAccount } from '../src/accounts.js';
import { SYSTEM } from '../src/audit.js';
import { reserve } from '../src/credits.js';
import { openDb } from '../src/db/database.js';
import { median, report, round } from './lib/report.js';

const PROCS = (process.env.BENCH_PROCS ?? '1,2,4').split(',').filter(Boolean).map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
// Throughput is timed over the first KILL_AT of the messages; the kill comes right after.
const KILL_AT = 0.5;
const RECONCILE_AFTER_MS = process.env.RECONCILE_AFTER_MS ?? '60000';
const ACCOUNTS = 50;
const SENDERS = 200;
const LEASE_MS = process.env.LEASE_MS ?? '10000';
const PACED_S = Number(process.env.BENCH_PACED_S ?? 360);
const PACED_PROCS = Number(process.env.BENCH_PACED_PROCS ?? 2);
const CAP = Number(process.env.BENCH_CAP ?? 30);
const PLAN_LIMIT = Number(process.env.BENCH_PLAN_LIMIT ?? 100);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () => os.loadavg()[0]!.toFixed(1);
const withDb = (url: string, name: string) => { const u = new URL(url); u.pathname = `/${name}`; return u.toString(); };
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wa-scale-out-'));
chmodSync(dataDir, 0o755);

async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  return c;
}

interface Proc { p: StartedProcess; ownerId: string }

async function startProcs(url: string, n: number, env: Record<string, string>): Promise<Proc[]> {
  const procs: Proc[] = [];
  // One at a time: the first applies migrations (none left on a cloned template) and each
  // announces itself before the next, so the fair share settles quickly.
  for (let i = 0; i < n; i++) {
    const p = await startCli({ WA_TRANSPORT: 'sandbox', SCHEDULER: 'on', DATABASE_URL: url, DATA_DIR: dataDir, LEASE_MS, RECONCILE_AFTER_MS, LOG_LEVEL: 'info', ...env }, 180_000);
    const ready = p.logs().split('\n').find((l) => l.includes('wa-chatops ready'));
    procs.push({ p, ownerId: String(JSON.parse(ready!).ownerId) });
  }
  return procs;
}

async function stopProcs(procs: Proc[]): Promise<void> {
  await Promise.all(procs.map(async ({ p }) => {
    if (p.child.exitCode !== null || p.child.signalCode !== null) return;
    p.child.kill('SIGTERM');
    const t = setTimeout(() => p.child.kill('SIGKILL'), 30_000);
    await p.exited;
    clearTimeout(t);
  }));
}

/** Waits until every live process drives its fair share of the open sessions. */
async function waitBalanced(c: pg.Client, procs: Proc[], timeoutMs = 120_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const r = await c.query(`SELECT owner_id, count(*)::int AS n FROM sender_sessions WHERE lease_until > now() AND status = 'open' GROUP BY owner_id`);
    const by = new Map(r.rows.map((x) => [x.owner_id as string, x.n as number]));
    const total = [...by.values()].reduce((a, b) => a + b, 0);
    // SENDERS, plus the operator number's session the product opens itself.
    // Fair share is ceil(total / n) each, so the last process may hold fewer (51/51/51/48).
    const least = total - (procs.length - 1) * Math.ceil(total / procs.length);
    if (total >= SENDERS && procs.every((p) => (by.get(p.ownerId) ?? 0) >= least)) return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`leases not balanced after ${timeoutMs} ms: ${JSON.stringify([...by])}`);
    await sleep(250);
  }
}

/** A fresh database from the migrated template, 50 accounts × 4 sandbox senders (no lease yet), each account holding `credits`. */
async function freshDb(name: string, plan: { daily_limit: number }, credits: number, senderCols: (i: number) => Record<string, unknown>): Promise<{ url: string; accounts: number[]; senders: number[] }> {
  const admin = await client(process.env.WA_TEST_ADMIN_URL!);
  await admin.query(`CREATE DATABASE ${name} TEMPLATE wa_test_template`);
  await admin.end();
  const url = withDb(process.env.WA_TEST_ADMIN_URL!, name);
  const db = await openDb({ url, poolMax: 2 });
  try {
    await db.exec(`INSERT INTO plans (name, daily_limit, senders_allowed) VALUES ('bench', $1, 10)`, [plan.daily_limit]);
    const accounts: number[] = [];
    const senders: number[] = [];
    for (let a = 0; a < ACCOUNTS; a++) {
      const { account } = await createAccount(db, { name: `bench ${a}`, ownerPhone: `+92300${String(1_000_000 + a)}`, planName: 'bench', credits }, SYSTEM);
      accounts.push(account.id);
      for (let s = 0; s < SENDERS / ACCOUNTS; s++) {
        const cols: Record<string, unknown> = { status: 'open', purpose: 'campaigns', warmup: false, next_send_at: '2000-01-01', ...senderCols(senders.length) };
        const keys = Object.keys(cols);
        const r = await db.one<{ id: number }>(`INSERT INTO sender_sessions (account_id, transport, ${keys.join(', ')}) VALUES ($1, 'sandbox', ${keys.map((_, i) => `$${i + 2}`).join(', ')}) RETURNING id`,
          [account.id, ...keys.map((k) => cols[k])]);
        senders.push(r!.id);
      }
    }
    return { url, accounts, senders };
  } finally {
    await db.close();
  }
}

/** One running campaign per account with `per` queued rows and their credits reserved. */
async function launch(url: string, accounts: number[], per: number): Promise<void> {
  const db = await openDb({ url, poolMax: 2 });
  try {
    for (const [a, accountId] of accounts.entries()) {
      const camp = await db.one<{ id: number }>(`INSERT INTO campaigns (account_id, name, body, status, launched_at, recipients, credits_reserved)
        VALUES ($1, 'bench', 'Hello {{name}}', 'running', now(), $2, $2) RETURNING id`, [accountId, per]);
      await db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, name, body)
        SELECT $1, $2, '+9231' || lpad($4::text, 2, '0') || lpad(g::text, 7, '0'), 'N' || g, 'Hello N' || g FROM generate_series(1, $3) g`, [camp!.id, accountId, per, a]);
      await reserve(db, accountId, per, camp!.id);
    }
  } finally {
    await db.close();
  }
}

const sentCount = async (c: pg.Client) => Number((await c.query(`SELECT count(*) AS n FROM sandbox_messages WHERE direction = 'out' AND to_phone LIKE '+9231%'`)).rows[0].n);

interface ScaleRun { rate: number; handOverMs?: number[]; stalled?: boolean }

let seq = 0;
async function scaleRun(n: number, killOne: boolean): Promise<ScaleRun> {
  const per = Math.floor(MESSAGES / ACCOUNTS);
  const { url, accounts } = await freshDb(`scale_${n}_${seq++}`, { daily_limit: 10_000_000 }, per, () => ({}));
  const c = await client(url);
  const procs = await startProcs(url, n, { SANDBOX_PACING_MS: '0', SANDBOX_READ_MS: '-1' });
  try {
    await waitBalanced(c, procs);
    await launch(url, accounts, per);
    const total = per * ACCOUNTS;
    let handOverMs: number[] | undefined;
    let stalled = false;
    if (killOne) {
      // Kill the first process once half of the messages are out.
      while ((await sentCount(c)) < total * KILL_AT) await sleep(50);
      const victim = procs[0]!;
      const owned = (await c.query(`SELECT id FROM sender_sessions WHERE owner_id = $1`, [victim.ownerId])).rows.map((r) => r.id as number);
      victim.p.child.kill('SIGKILL');
      const killedAt = (await c.query(`SELECT clock_timestamp() AS t`)).rows[0].t as Date;
      await victim.p.exited;
      const t0 = killedAt.getTime();
      const firstAfter = new Map<number, number>();
      for (let i = 0; firstAfter.size < owned.length; i++) {
        const r = await c.query(`SELECT session_id, min(created_at) AS t FROM sandbox_messages WHERE direction = 'out' AND to_phone LIKE '+9231%' AND session_id = ANY($1::int[]) AND created_at > $2 GROUP BY session_id`, [owned, killedAt]);
        for (const row of r.rows) firstAfter.set(row.session_id, (row.t as Date).getTime() - t0);
        if ((await sentCount(c)) >= total && firstAfter.size < owned.length) break; // campaign finished by the others first
        if (i > 400) { // ~60 s: report what is known rather than wait on
          const o = await c.query(`SELECT owner_id, lease_until > now() AS live, count(*)::int AS n FROM sender_sessions GROUP BY 1, 2`);
          const q = await c.query(`SELECT status, count(*)::int AS n FROM outbox GROUP BY 1`);
          const g = await c.query(`SELECT owner_id, seen_until > now() AS live FROM gateway_processes`);
          console.log(`  after ~60 s only ${firstAfter.size} of the killed process's ${owned.length} senders had sent again; leases ${JSON.stringify(o.rows)}; outbox ${JSON.stringify(q.rows)}; processes ${JSON.stringify(g.rows)}`);
          stalled = true;
          break;
        }
        await sleep(100);
      }
      handOverMs = [...firstAfter.values()].sort((a, b) => a - b);
      const unknown = owned.length - firstAfter.size;
      if (unknown) console.log(`  ${unknown} of the killed process's ${owned.length} senders did not send again (their campaign finished first)`);
    }
    for (let i = 0; !killOne; i++) {
      const r = await c.query(`SELECT count(*)::int AS n FROM campaigns WHERE status = 'running'`);
      if (r.rows[0].n === 0) break;
      if (i > 6000) throw new Error('campaigns did not finish in 10 min');
      await sleep(100);
    }
    const r = await c.query(`SELECT count(*)::int AS n FROM sandbox_messages WHERE direction = 'out' AND to_phone LIKE '+9231%'`);
    const upTo = Math.floor(total * KILL_AT);
    const span = await c.query(`SELECT extract(epoch FROM max(created_at) - min(created_at)) AS s FROM (SELECT created_at FROM sandbox_messages WHERE direction = 'out' AND to_phone LIKE '+9231%' ORDER BY created_at LIMIT $1) x`, [upTo]);
    const dup = await c.query(`SELECT count(*)::int AS n FROM (SELECT to_phone FROM sandbox_messages WHERE direction = 'out' AND to_phone LIKE '+9231%' GROUP BY to_phone HAVING count(*) > 1) d`);
    const st = await c.query(`SELECT status, count(*)::int AS n FROM outbox GROUP BY status`);
    const left = st.rows.filter((x) => x.status === 'queued' || x.status === 'sending').reduce((a, x) => a + x.n, 0);
    if ((!killOne && left) || dup.rows[0].n !== 0) throw new Error(`sent ${r.rows[0].n} of ${total}, ${dup.rows[0].n} phones twice; outbox ${JSON.stringify(st.rows)}`);
    const failed = st.rows.find((x) => x.status === 'failed')?.n ?? 0;
    if (failed) {
      const why = await c.query(`SELECT coalesce(reason, '?') AS e, count(*)::int AS n FROM outbox WHERE status = 'failed' GROUP BY 1`);
      console.log(`  ${failed} rows failed: ${JSON.stringify(why.rows)}`);
    }
    return { rate: upTo / Number(span.rows[0].s), handOverMs, stalled };
  } finally {
    await stopProcs(procs);
    await c.end();
    // BENCH_LOG_DIR=…: each process's log, to see what its heartbeat and dispatcher did.
    if (process.env.BENCH_LOG_DIR) for (const [i, { p }] of procs.entries()) writeFileSync(path.join(process.env.BENCH_LOG_DIR, `scale_${n}_${seq - 1}_p${i}.log`), p.logs());
  }
}

async function pacedRun(n: number, seconds: number): Promise<void> {
  // Gap of sender i: 8 s … 30 s spread evenly over the 200 senders.
  const gapOf = (i: number) => Math.round(8000 + (22_000 * i) / (SENDERS - 1));
  const per = 4 * CAP + 20;
  const { url, accounts, senders } = await freshDb(`paced_${seq++}`, { daily_limit: PLAN_LIMIT }, per, (i) => ({ pacing_min_ms: gapOf(i), pacing_max_ms: gapOf(i), daily_cap: CAP }));
  const c = await client(url);
  const procs = await startProcs(url, n, {});
  const l0 = load();
  try {
    await waitBalanced(c, procs);
    await launch(url, accounts, per);
    console.log(`paced run: ${n} processes, ${seconds} s, load ${l0}`);
    await sleep(seconds * 1000);
  } finally {
    await stopProcs(procs);
  }
  try {
    const gaps = await c.query(`SELECT session_id, count(*)::int AS sends, avg(gap) AS mean_gap, min(gap) AS min_gap, max(gap) AS max_gap, sum(gap) AS total FROM (
        SELECT session_id, extract(epoch FROM created_at - lag(created_at) OVER (PARTITION BY session_id ORDER BY created_at)) * 1000 AS gap
          FROM sandbox_messages WHERE direction = 'out' AND to_phone LIKE '+9231%') g GROUP BY session_id ORDER BY session_id`);
    const cfg = new Map(senders.map((id, i) => [id, gapOf(i)]));
    const dev = gaps.rows.filter((r) => r.mean_gap !== null).map((r) => ({ id: r.session_id as number, sends: r.sends as number, cfg: cfg.get(r.session_id)!, mean: Number(r.mean_gap), min: Number(r.min_gap), max: Number(r.max_gap) }))
      .map((r) => ({ ...r, dev: (r.mean - r.cfg) / r.cfg }));
    const quiet = SENDERS - dev.length;
    const within = dev.filter((d) => Math.abs(d.dev) <= 0.05).length;
    const sorted = dev.map((d) => d.dev).sort((a, b) => a - b);
    const worst = dev.reduce((w, d) => (Math.abs(d.dev) > Math.abs(w.dev) ? d : w), dev[0]!);
    const early = dev.filter((d) => d.min < d.cfg - 50).length; // a gap shorter than configured
    const capV = (await c.query(`SELECT count(*)::int AS n FROM (SELECT session_id FROM sandbox_messages WHERE direction = 'out' AND to_phone LIKE '+9231%' GROUP BY session_id HAVING count(*) > $1) x`, [CAP])).rows[0].n;
    const planV = (await c.query(`SELECT count(*)::int AS n FROM (SELECT s.account_id FROM sandbox_messages m JOIN sender_sessions s ON s.id = m.session_id WHERE m.direction = 'out' AND m.to_phone LIKE '+9231%' GROUP BY s.account_id HAVING count(*) > $1) x`, [PLAN_LIMIT])).rows[0].n;
    const total = (await c.query(`SELECT count(*)::int AS n FROM sandbox_messages WHERE direction = 'out' AND to_phone LIKE '+9231%'`)).rows[0].n;
    const atCap = dev.filter((d) => d.sends >= CAP).length;
    console.log(`paced: ${total} sends by ${dev.length} senders (${quiet} sent < 2), ${atCap} senders reached the cap of ${CAP}; per-sender mean gap vs configured: ${within} of ${dev.length} within ±5 %, deviation median ${(median(sorted) * 100).toFixed(2)} %, min ${(sorted[0]! * 100).toFixed(2)} %, max ${(sorted.at(-1)! * 100).toFixed(2)} %; worst sender ${worst.id}: configured ${worst.cfg} ms, mean ${round(worst.mean)} ms over ${worst.sends} sends; ${early} senders ever sent sooner than configured; cap violations: ${capV} senders over ${CAP}, ${planV} accounts over ${PLAN_LIMIT}; load ${l0} → ${load()}`);
    report({ name: `paced, senders whose mean gap is within ±5 % of configured (${n} processes, ${seconds} s)`, value: within, unit: `of ${dev.length}`, better: 'higher', target: dev.length });
    report({ name: 'paced, worst per-sender mean-gap deviation', value: Math.abs(worst.dev) * 100, unit: '%', better: 'lower', target: 5 });
    report({ name: 'paced, daily-cap violations (senders + accounts)', value: capV + planV, unit: 'violations', better: 'lower', target: 0 });
  } finally {
    await c.end();
  }
}

await startTestServer({ extraFlags: ['max_connections=300'] });
try {
  console.log(`scale-out: ${SENDERS} sandbox senders / ${ACCOUNTS} accounts, ${MESSAGES} messages a run, LEASE_MS ${LEASE_MS}, ${ROUNDS} rounds, load ${load()}`);
  const rates = new Map<number, number[]>(PROCS.map((n) => [n, []]));
  const handOver = new Map<number, number[]>();
  for (let round_ = 0; round_ < ROUNDS; round_++) {
    const order = round_ % 2 ? [...PROCS].reverse() : PROCS;
    for (const n of order) {
      const l = load();
      const r = await scaleRun(n, n > 1);
      rates.get(n)!.push(r.rate);
      if (r.handOverMs?.length) handOver.set(n, [...(handOver.get(n) ?? []), r.handOverMs.at(-1)!]);
      console.log(`round ${round_ + 1}, ${n} process(es): ${Math.round(r.rate)} msg/s${r.handOverMs ? `; hand-over after SIGKILL: first sender ${r.handOverMs[0] ?? '—'} ms, median ${median(r.handOverMs)} ms, last ${r.handOverMs.at(-1)} ms (${r.handOverMs.length} senders${r.stalled ? ', the rest had not sent after ~60 s' : ''})` : ''} (load ${l} → ${load()})`);
    }
  }
  const base = median(rates.get(PROCS[0]!)!);
  for (const n of PROCS) {
    const xs = rates.get(n)!;
    console.log(`${n} process(es): median ${Math.round(median(xs))}, min ${Math.round(Math.min(...xs))}, max ${Math.round(Math.max(...xs))} msg/s, ×${(median(xs) / base).toFixed(2)} of ${PROCS[0]}`);
    report({ name: `dispatch, ${n} wa-chatops start process(es), 200 sandbox senders / 50 accounts, pacing 0`, value: median(xs), unit: 'msg/s', better: 'higher' });
    const h = handOver.get(n);
    if (h) report({ name: `lease hand-over after SIGKILL, ${n} processes, last sender sending again (LEASE_MS ${LEASE_MS})`, value: median(h), unit: 'ms', better: 'lower' });
  }
  if (PACED_S > 0) await pacedRun(PACED_PROCS, PACED_S);
} finally {
  killStartedProcesses();
  await stopTestServer();
  rmSync(dataDir, { recursive: true, force: true });
}
