// Dispatch pipeline throughput: claim (SKIP LOCKED) → sandbox send → record (status + batched
// debit), pacing 0, with 1 and 50 senders of one account; median of 3 runs each. Then the
// claim query's plan. Run: npm run build && node dist/bench/dispatch.js [messages=10000]
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

const MESSAGES = Number(process.argv[2] ?? 10_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function setup(db: Db, senders: number, run: string) {
  await db.exec(`INSERT INTO plans (name, daily_limit, senders_allowed) VALUES ($1, 10000000, 1000)`, [`bench-${run}`]);
  const { account } = await createAccount(db, { name: run, ownerPhone: `+9230000${String(Math.floor(Math.random() * 99999)).padStart(5, '0')}`, planName: `bench-${run}`, credits: MESSAGES }, SYSTEM);
  const ids: number[] = [];
  for (let i = 0; i < senders; i++) {
    ids.push((await db.one<{ id: number }>(`INSERT INTO sender_sessions (account_id, transport, status, purpose, warmup, next_send_at)
      VALUES ($1, 'sandbox', 'open', 'campaigns', false, '2000-01-01') RETURNING id`, [account.id]))!.id);
  }
  const c = await db.one<{ id: number }>(`INSERT INTO campaigns (account_id, name, body, status, launched_at) VALUES ($1, $2, 'Hi', 'running', now()) RETURNING id`, [account.id, run]);
  await db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, body) SELECT $1, $2, '+92310' || lpad(g::text, 7, '0'), 'Hi ' || g FROM generate_series(1, $3) g`, [c!.id, account.id, MESSAGES]);
  await reserve(db, account.id, MESSAGES, c!.id);
  return { ids, campaignId: c!.id };
}

async function runOnce(db: Db, senders: number, run: string): Promise<number> {
  const { ids } = await setup(db, senders, run);
  const ctx = { db, clock: systemClock, log: silentLog, config: testConfig({ SEND_BATCH: '200' }) };
  const channels = new Map(ids.map((id) => [id, new SandboxChannel({ sessionId: id, db, log: silentLog, deliveredMs: 60_000, readMs: -1, failureRate: 0 })]));
  for (const ch of channels.values()) await ch.connect();
  const dispatcher = new Dispatcher(ctx, { channel: (id) => channels.get(id), ownedSessionIds: () => ids });
  const started = process.hrtime.bigint();
  let sent = 0;
  await Promise.all(ids.map(async (id) => {
    for (;;) {
      const batch = await claimForSender(db, ctx.config, ctx.clock, id);
      if (!batch) return;
      const r = await dispatcher.dispatch(batch);
      sent += r.sent; // read after the await: concurrent loops share the counter
    }
  }));
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  for (const ch of channels.values()) await ch.close();
  if (sent !== MESSAGES) throw new Error(`sent ${sent} of ${MESSAGES}`);
  return sent / secs;
}

await startTestServer();
const { url, drop } = await createTestDatabase();
const db = await openDb({ url, poolMax: 20 });
try {
  for (const senders of (process.env.BENCH_SENDERS ?? "1,50").split(",").map(Number)) {
    const rates: number[] = [];
    for (let i = 0; i < 3; i++) rates.push(await runOnce(db, senders, `s${senders}-${i}`));
    console.log(`${senders} sender(s), ${MESSAGES} messages, pacing 0: median ${Math.round(median(rates))} msg/s (runs: ${rates.map((r) => Math.round(r)).join(', ')})`);
  }
  const c = await db.one<{ id: number }>(`SELECT campaign_id AS id FROM outbox GROUP BY campaign_id ORDER BY campaign_id LIMIT 1`);
  await db.exec(`UPDATE outbox SET status = 'queued' WHERE campaign_id = $1`, [c!.id]);
  await db.exec('ANALYZE outbox');
  const plan = await db.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN UPDATE outbox o SET status = 'sending', claimed_at = now()
       FROM (SELECT id FROM outbox WHERE campaign_id = $1 AND status = 'queued' ORDER BY id LIMIT 200 FOR UPDATE SKIP LOCKED) due
      WHERE o.id = due.id`, [c!.id]);
  console.log('\nclaim query plan:\n' + plan.map((r) => r['QUERY PLAN']).join('\n'));
} finally {
  await db.close();
  await drop();
  await stopTestServer();
}
