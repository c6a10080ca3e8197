// Dispatch pipeline throughput: claim (SKIP LOCKED) → sandbox send → record (status + batched
// debit), sandbox pacing 0, with 1 and 50 senders of one account, on a fresh database.
// One timed run per sender count (run-all repeats the script); a small warm-up run first.
// Run: npm run build && node dist/bench/dispatch.js   (BENCH_MESSAGES, BENCH_SENDERS=1,50)
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
import { report } from './lib/report.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
let phoneSeq = 0;

async function setup(db: Db, senders: number, messages: number, run: string) {
  await db.exec(`INSERT INTO plans (name, daily_limit, senders_allowed) VALUES ($1, 10000000, 1000)`, [`bench-${run}`]);
  const { account } = await createAccount(db, { name: run, ownerPhone: `+92300${String(1_000_000 + phoneSeq++)}`, planName: `bench-${run}`, credits: messages }, SYSTEM);
  const ids: number[] = [];
  for (let i = 0; i < senders; i++) {
    ids.push((await db.one<{ id: number }>(`INSERT INTO sender_sessions (account_id, transport, status, purpose, warmup, next_send_at)
      VALUES ($1, 'sandbox', 'open', 'campaigns', false, '2000-01-01') RETURNING id`, [account.id]))!.id);
  }
  const c = await db.one<{ id: number }>(`INSERT INTO campaigns (account_id, name, body, status, launched_at) VALUES ($1, $2, 'Hi', 'running', now()) RETURNING id`, [account.id, run]);
  await db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, body) SELECT $1, $2, '+92310' || lpad(g::text, 7, '0'), 'Hi ' || g FROM generate_series(1, $3) g`, [c!.id, account.id, messages]);
  await reserve(db, account.id, messages, c!.id);
  await db.exec('ANALYZE outbox');
  return { ids, campaignId: c!.id };
}

/** Messages per second from the first claim to the last recorded outcome. */
async function runOnce(db: Db, claimDb: Db, senders: number, messages: number, run: string): Promise<number> {
  const { ids } = await setup(db, senders, messages, run);
  const ctx = { db, clock: systemClock, log: silentLog, config: testConfig({ SEND_BATCH: '200' }) };
  // Receipts far in the future: this measures sending, not receipt handling.
  const channels = new Map(ids.map((id) => [id, new SandboxChannel({ sessionId: id, db, log: silentLog, deliveredMs: 600_000, readMs: -1, failureRate: 0 })]));
  for (const ch of channels.values()) await ch.connect();
  const dispatcher = new Dispatcher(ctx, { channel: (id) => channels.get(id), ownedSessionIds: () => ids });
  const started = process.hrtime.bigint();
  let sent = 0;
  // One loop per sender, as jobs/send-campaigns.ts runs them.
  await Promise.all(ids.map(async (id) => {
    for (;;) {
      const batch = await claimForSender(claimDb, ctx.config, ctx.clock, id);
      if (!batch) return;
      const r = await dispatcher.dispatch(batch);
      sent += r.sent; // read after the await: concurrent loops share the counter
    }
  }));
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  for (const ch of channels.values()) await ch.close();
  if (sent !== messages) throw new Error(`sent ${sent} of ${messages}`);
  const check = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM outbox o JOIN campaigns c ON c.id = o.campaign_id WHERE c.name = $1 AND o.status = 'sent'`, [run]);
  if (check!.n !== messages) throw new Error(`${check!.n} rows marked sent of ${messages}`);
  return sent / secs;
}

await startTestServer();
const { url, drop } = await createTestDatabase();
// The product's layout: claims run in the send-campaigns worker on its own pool of 5
// (jobs/lib/worker-runtime.ts), sends and records on the main process's pool of 10.
const db = await openDb({ url, poolMax: 10 });
const claimDb = await openDb({ url, poolMax: 5 });
try {
  for (const senders of (process.env.BENCH_SENDERS ?? '1,50').split(',').map(Number)) {
    const messages = senders === 1 ? Math.min(MESSAGES, 5_000) : MESSAGES;
    await runOnce(db, claimDb, senders, Math.min(messages, 1_000), `warm-${senders}`);
    const rate = await runOnce(db, claimDb, senders, messages, `s${senders}`);
    console.log(`${senders} sender(s), ${messages} messages, pacing 0: ${Math.round(rate)} msg/s`);
    report(senders === 50
      ? { name: 'dispatch, 50 sandbox senders, pacing 0', value: rate, unit: 'msg/s', better: 'higher', target: 2_000 }
      : { name: `dispatch, ${senders} sandbox sender(s), pacing 0`, value: rate, unit: 'msg/s', better: 'higher' });
  }
} finally {
  await claimDb.close();
  await db.close();
  await drop();
  await stopTestServer();
}
