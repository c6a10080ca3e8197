// Reply forwarding lag (issue 21, item 10): 300 customers answer a campaign on a sandbox
// sender; each reply goes through the journal and the router and is forwarded to the owner
// over the sandbox operator number. Timed from the inbound message to the owner's message
// committed in sandbox_messages. Ten replies in flight at a time, as several chats arrive at once.
// Run: npm run build && node dist/bench/reply-lag.js
import { SYSTEM } from '../src/audit.js';
import { createAccount } from '../src/accounts.js';
import { systemClock } from '../src/clock.js';
import { openDb } from '../src/db/database.js';
import { SandboxChannel } from '../src/gateway/sandbox-channel.js';
import { handleRecorded } from '../src/router/handle-inbound.js';
import { createRouter } from '../src/router/router.js';
import { ensureDefaultTerms } from '../src/terms.js';
import { createTestDatabase, silentLog, startTestServer, stopTestServer } from '../test/helpers/pg.js';
import { testConfig } from '../test/jobs/fixtures.js';
import { percentile, report } from './lib/report.js';

const N = 300;
const AT_ONCE = 10;
await startTestServer();
const { url, drop } = await createTestDatabase();
const db = await openDb({ url, poolMax: 10 });
try {
  await ensureDefaultTerms(db);
  const ctx = { db, clock: systemClock, log: silentLog, config: testConfig({ COMMAND_RATE_LIMIT: '100000' }) };
  const { account } = await createAccount(db, { name: 'lag', ownerPhone: '+923001110000', credits: N }, SYSTEM);
  const sid = (await db.one<{ id: number }>(`INSERT INTO sender_sessions (account_id, transport, status, purpose, warmup) VALUES ($1, 'sandbox', 'open', 'campaigns', false) RETURNING id`, [account.id]))!.id;
  const op = (await db.one<{ id: number }>(`INSERT INTO sender_sessions (transport, status, purpose, warmup) VALUES ('sandbox', 'open', 'commands', false) RETURNING id`))!.id;
  const c = await db.one<{ id: number }>(`INSERT INTO campaigns (account_id, name, body, status, launched_at, recipients) VALUES ($1, 'eid', 'Hi', 'running', now(), $2) RETURNING id`, [account.id, N]);
  await db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, name, body, status, sender_session_id, sent_at)
                 SELECT $1, $2, '+92345' || lpad(g::text, 7, '0'), 'C' || g, 'Hi', 'delivered', $3, now() FROM generate_series(1, $4) g`, [c!.id, account.id, sid, N]);
  const sender = new SandboxChannel({ sessionId: sid, db, log: silentLog, deliveredMs: 0, readMs: -1, failureRate: 0 });
  const operator = new SandboxChannel({ sessionId: op, db, log: silentLog, deliveredMs: 0, readMs: -1, failureRate: 0 });
  await sender.connect();
  await operator.connect();
  const router = await createRouter(ctx, {
    notifyOwner: async (to, text) => { await operator.send(to, { kind: 'text', text }); },
    reply: async () => undefined,
  });
  await router.ready();
  const lags: number[] = [];
  for (let i = 1; i <= N; i += AT_ONCE) {
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, N - i + 1) }, async (_, k) => {
      const began = performance.now();
      const msg = await sender.inject({ fromPhone: `+92345${String(i + k).padStart(7, '0')}`, text: 'price?' });
      await handleRecorded(ctx, router, msg!);
      lags.push(performance.now() - began);
    }));
  }
  const forwarded = (await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM sandbox_messages WHERE session_id = $1 AND direction = 'out'`, [op]))!.n;
  if (forwarded !== N) throw new Error(`${forwarded} of ${N} replies reached the owner`);
  lags.sort((a, b) => a - b);
  report({ name: 'reply forwarding lag p50, inbound to the owner\'s message committed', value: percentile(lags, 50), unit: 'ms', better: 'lower' });
  report({ name: 'reply forwarding lag p99, inbound to the owner\'s message committed', value: percentile(lags, 99), unit: 'ms', better: 'lower', target: 2000 });
  await sender.close();
  await operator.close();
} finally {
  await db.close();
  await drop();
  await stopTestServer();
}
