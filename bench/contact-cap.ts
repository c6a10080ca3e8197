// The contact cap's cost where it is highest (issue 21 item 8): campaign B launched right after
// campaign A to the same numbers, every one of B's rows waiting. Each claim of B's sender then
// reads B's waiting rows through the claim index, one NOT EXISTS probe each, before it finds
// nothing (or the few numbers A did not reach). Times one claim, median of 20.
// Since migration 0540 the first claims hold the waiting rows (due_at) and later claims skip them.
// Run: npm run build && node dist/bench/contact-cap.js   (BENCH_MESSAGES, default 20,000)
import { SYSTEM } from '../src/audit.js';
import { createAccount } from '../src/accounts.js';
import { systemClock } from '../src/clock.js';
import { reserve } from '../src/credits.js';
import { openDb } from '../src/db/database.js';
import { claimForSender } from '../src/dispatch/claim.js';
import { createTestDatabase, startTestServer, stopTestServer } from '../test/helpers/pg.js';
import { testConfig } from '../test/jobs/fixtures.js';
import { median, percentile, report } from './lib/report.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);

await startTestServer();
const { url, drop } = await createTestDatabase();
const db = await openDb({ url, poolMax: 5 });
try {
  const config = testConfig({ SEND_BATCH: '200' });
  for (const capHours of [24, 0]) {
    const plan = `cap-${capHours}`;
    await db.exec(`INSERT INTO plans (name, daily_limit, senders_allowed, contact_cap_hours) VALUES ($1, 10000000, 10, $2)`, [plan, capHours]);
    const { account } = await createAccount(db, { name: plan, ownerPhone: `+9230099${capHours ? '11' : '22'}111`, planName: plan, credits: 2 * MESSAGES }, SYSTEM);
    const sender = (await db.one<{ id: number }>(`INSERT INTO sender_sessions (account_id, transport, status, purpose, warmup, next_send_at)
      VALUES ($1, 'sandbox', 'open', 'campaigns', false, '2000-01-01') RETURNING id`, [account.id]))!.id;
    const ids: number[] = [];
    for (const name of ['a', 'b']) {
      const c = await db.one<{ id: number }>(`INSERT INTO campaigns (account_id, name, body, status, launched_at) VALUES ($1, $2, 'Hi', 'running', now()) RETURNING id`, [account.id, name]);
      await db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, body) SELECT $1, $2, '+92310' || lpad(g::text, 7, '0'), 'Hi' FROM generate_series(1, $3) g`, [c!.id, account.id, MESSAGES]);
      await reserve(db, account.id, MESSAGES, c!.id);
      ids.push(c!.id);
    }
    // A reached every number a minute ago.
    await db.exec(`UPDATE outbox SET status = 'sent', claimed_at = now() - interval '1 minute', sent_at = now() - interval '1 minute' WHERE campaign_id = $1`, [ids[0]]);
    if (capHours === 0) await db.exec(`UPDATE campaigns SET status = 'paused' WHERE id = $1`, [ids[1]]); // the comparison: a claim with nothing to do
    await db.exec('ANALYZE outbox');
    // The first claims take waiting rows out of the claim index (at most 5,000 a claim since
    // migration 0540); timed apart, as their total, then the steady claim.
    const warm = Math.ceil(MESSAGES / 5000) + 1;
    const w0 = process.hrtime.bigint();
    for (let i = 0; i < warm; i++) if (await claimForSender(db, config, systemClock, sender)) throw new Error('claimed rows that should wait');
    const warmMs = Number(process.hrtime.bigint() - w0) / 1e6;
    if (capHours) console.log(`first ${warm} claims (taking the waiting rows out of the index): ${warmMs.toFixed(0)} ms in all`);
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = process.hrtime.bigint();
      const got = await claimForSender(db, config, systemClock, sender);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (got) throw new Error('claimed rows that should wait');
    }
    const sorted = [...times].sort((x, y) => x - y);
    const label = capHours ? `claim with ${MESSAGES.toLocaleString('en-US')} rows all waiting for the contact cap` : 'claim with nothing queued (no cap), for comparison';
    console.log(`${label}: median ${median(times).toFixed(2)} ms, p95 ${percentile(sorted, 95).toFixed(2)} ms`);
    report({ name: label, value: median(times), unit: 'ms', better: 'lower' });
  }
} finally {
  await db.close();
  await drop();
  await stopTestServer();
}
