// The project's dispatch side by side with pg-boss (issue 22 item 4), in one process on one
// embedded PostgreSQL, rounds interleaved, each run on a fresh database.
//   project: claim (SKIP LOCKED) → sandbox send (one multi-row INSERT into sandbox_messages
//            per batch) → record + settle, sandbox pacing 0, batch of 200;
//   pg-boss: fetch 200 jobs (pg-boss's SKIP LOCKED fetch) → the same multi-row INSERT into a
//            table shaped like sandbox_messages (with its two indexes) → complete the 200.
//            Tuned as its docs advise for throughput: batched insert of the jobs, batchSize
//            200, a pool as big as the project's two (15), each worker fetching again at once
//            while its fetch comes back full (no polling wait), schedule off.
// Layouts: 50 senders of one account (pg-boss: one queue, 50 workers) and 200 senders across
// 50 accounts (pg-boss: 50 queues, 4 workers each).
// Run: npm run build && BENCH_MESSAGES=20000 BENCH_ROUNDS=3 node dist/bench/dispatch-vs-pgboss.js
import os from 'node:os';
import PgBoss from 'pg-boss';
import pg from 'pg';
import { SYSTEM } from '../src/audit.js';
import { createAccount } from '../src/accounts.js';
import { systemClock } from '../src/clock.js';
import { reserve } from '../src/credits.js';
import { openDb, type Db } from '../src/db/database.js';
import { claimForSender } from '../src/dispatch/claim.js';
import { Dispatcher } from '../src/dispatch/dispatcher.js';
import { SandboxChannel } from '../src/gateway/sandbox-channel.js';
import { createTestDatabase, silentLog, startTestServer, stopTestServer } from '../test/helpers/pg.js';
import { testConfig } from '../test/jobs/fixtures.js';
import { median, report } from './lib/report.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 200;
const LAYOUTS = [{ accounts: 1, senders: 50 }, { accounts: 50, senders: 4 }]
  .filter((l) => !process.env.BENCH_LAYOUTS || process.env.BENCH_LAYOUTS.split(',').includes(`${l.accounts}x${l.senders}`));

async function project(accounts: number, sendersPer: number, messages: number): Promise<number> {
  const { url, drop } = await createTestDatabase();
  const db = await openDb({ url, poolMax: 10 });
  const claimDb = await openDb({ url, poolMax: 5 });
  try {
    await db.exec(`INSERT INTO plans (name, daily_limit, senders_allowed) VALUES ('bench', 10000000, 1000)`);
    const ids: number[] = [];
    const per = Math.floor(messages / accounts);
    for (let a = 0; a < accounts; a++) {
      const { account } = await createAccount(db, { name: `bench ${a}`, ownerPhone: `+92300${String(1_000_000 + a)}`, planName: 'bench', credits: per }, SYSTEM);
      for (let i = 0; i < sendersPer; i++) {
        ids.push((await db.one<{ id: number }>(`INSERT INTO sender_sessions (account_id, transport, status, purpose, warmup, next_send_at)
          VALUES ($1, 'sandbox', 'open', 'campaigns', false, '2000-01-01') RETURNING id`, [account.id]))!.id);
      }
      const c = await db.one<{ id: number }>(`INSERT INTO campaigns (account_id, name, body, status, launched_at) VALUES ($1, 'bench', 'Hi', 'running', now()) RETURNING id`, [account.id]);
      await db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, body) SELECT $1, $2, '+9231' || lpad($4::text, 2, '0') || lpad(g::text, 7, '0'), 'Hi ' || g FROM generate_series(1, $3) g`, [c!.id, account.id, per, a]);
      await reserve(db, account.id, per, c!.id);
    }
    await db.exec('VACUUM ANALYZE outbox');
    const ctx = { db, clock: systemClock, log: silentLog, config: testConfig({ SEND_BATCH: String(BATCH) }) };
    const channels = new Map(ids.map((id) => [id, new SandboxChannel({ sessionId: id, db, log: silentLog, deliveredMs: 600_000, readMs: -1, failureRate: 0 })]));
    for (const ch of channels.values()) await ch.connect();
    const dispatcher = new Dispatcher(ctx, { channel: (id) => channels.get(id), ownedSessionIds: () => ids });
    let sent = 0;
    const started = process.hrtime.bigint();
    await Promise.all(ids.map(async (id) => {
      for (;;) {
        const batch = await claimForSender(claimDb, ctx.config, ctx.clock, id);
        if (!batch) return;
        const r = await dispatcher.dispatch(batch);
        sent += r.sent; // after the await: the loops share the counter
      }
    }));
    const secs = Number(process.hrtime.bigint() - started) / 1e9;
    for (const ch of channels.values()) await ch.close();
    if (sent !== per * accounts) throw new Error(`project sent ${sent} of ${per * accounts}`);
    return sent / secs;
  } finally {
    await claimDb.close();
    await db.close();
    await drop();
  }
}

async function pgboss(queues: number, workersPer: number, messages: number): Promise<number> {
  const { url, drop } = await createTestDatabase();
  const boss = new PgBoss({ connectionString: url, max: 15, schedule: false, supervise: false });
  boss.on('error', (e) => console.error('pg-boss', e));
  const side = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await boss.start();
    await side.query(`CREATE TABLE bench_sandbox (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, session_id integer, direction text NOT NULL,
      from_phone text, to_phone text, body text, media jsonb, wa_message_id text, status text, created_at timestamptz NOT NULL DEFAULT now());
      CREATE INDEX ON bench_sandbox(created_at); CREATE INDEX ON bench_sandbox(wa_message_id);`);
    const per = Math.floor(messages / queues);
    for (let q = 0; q < queues; q++) {
      await boss.createQueue(`send-${q}`);
      for (let i = 0; i < per; i += 5_000) {
        await boss.insert(Array.from({ length: Math.min(5_000, per - i) }, (_, k) => ({
          name: `send-${q}`, data: { phone: `+9231${String(q).padStart(2, '0')}${String(i + k + 1).padStart(7, '0')}`, body: `Hi ${i + k + 1}` } })));
      }
    }
    await side.query('VACUUM ANALYZE pgboss.job');
    let done = 0;
    const started = process.hrtime.bigint();
    // One queue: 10 workers, pg-boss's advised local concurrency (50 on one queue contend on
    // its fetch and run slower); 50 queues: one worker per sender.
    const workers = queues === 1 ? Number(process.env.BOSS_WORKERS ?? 10) : queues * workersPer;
    await Promise.all(Array.from({ length: workers }, async (_, w) => {
      const name = `send-${w % queues}`;
      for (;;) {
        const jobs = await boss.fetch<{ phone: string; body: string }>(name, { batchSize: BATCH });
        if (!jobs.length) return;
        await boss.getDb().executeSql(
          `INSERT INTO bench_sandbox (session_id, direction, from_phone, to_phone, body, wa_message_id, status)
           SELECT $1, 'out', '+923000000000', t, b, i, 'sent' FROM unnest($2::text[], $3::text[], $4::text[]) AS u(t, b, i)`,
          [w, jobs.map((j) => j.data.phone), jobs.map((j) => j.data.body), jobs.map((j) => j.id)]);
        await boss.complete(name, jobs.map((j) => j.id));
        done += jobs.length;
      }
    }));
    const secs = Number(process.hrtime.bigint() - started) / 1e9;
    if (done !== per * queues) throw new Error(`pg-boss did ${done} of ${per * queues}`);
    return done / secs;
  } finally {
    await boss.stop({ graceful: false, timeout: 1000 }).catch(() => undefined);
    await side.end();
    await drop();
  }
}

await startTestServer();
try {
  await project(1, 5, 1_000);
  await pgboss(1, 5, 1_000);
  const rates = new Map<string, number[]>();
  const push = (k: string, v: number) => rates.set(k, [...(rates.get(k) ?? []), v]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const l of LAYOUTS) {
      const label = `${l.accounts * l.senders} senders / ${l.accounts} account(s)`;
      const runs = [async () => push(`project ${label}`, await project(l.accounts, l.senders, MESSAGES)),
        async () => push(`pg-boss ${label}`, await pgboss(l.accounts, l.senders, MESSAGES))];
      for (const run of round % 2 ? runs.reverse() : runs) await run();
      console.log(`[round ${round + 1}, load ${os.loadavg()[0]!.toFixed(1)}] ${label}: project ${Math.round(rates.get(`project ${label}`)!.at(-1)!)} msg/s, pg-boss ${Math.round(rates.get(`pg-boss ${label}`)!.at(-1)!)} jobs/s`);
    }
  }
  for (const l of LAYOUTS) {
    const label = `${l.accounts * l.senders} senders / ${l.accounts} account(s)`;
    const p = rates.get(`project ${label}`)!;
    const b = rates.get(`pg-boss ${label}`)!;
    const fmt = (xs: number[]) => `median ${Math.round(median(xs))} min ${Math.round(Math.min(...xs))} max ${Math.round(Math.max(...xs))}`;
    console.log(`${label}, ${MESSAGES} messages: project ${fmt(p)} msg/s · pg-boss ${fmt(b)} jobs/s · ratio ${(median(p) / median(b)).toFixed(2)}`);
    report({ name: `dispatch vs pg-boss, ${label}: project / pg-boss`, value: median(p) / median(b), unit: '×', better: 'higher', target: 1 });
  }
} finally {
  await stopTestServer();
}
