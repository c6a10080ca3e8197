// Numbers not on WhatsApp (issue 21): credits charged for a 1,000-recipient sandbox campaign
// with 100 absent numbers (SANDBOX_NOT_ON_WHATSAPP), the share of credits saved, and how many
// numbers one paced WhatsApp sender checks in an hour at the default plan (a fake clock
// moved from send to send, so the hour takes seconds; the channel answers at once).
// Run: npm run build && node dist/bench/not-on-whatsapp.js
import { EventEmitter } from 'node:events';
import { SYSTEM } from '../src/audit.js';
import { createAccount } from '../src/accounts.js';
import { FakeClock, systemClock } from '../src/clock.js';
import { reserve } from '../src/credits.js';
import { openDb, type Db } from '../src/db/database.js';
import { claimForSender } from '../src/dispatch/claim.js';
import { Dispatcher } from '../src/dispatch/dispatcher.js';
import type { Channel, OutgoingContent } from '../src/gateway/channel.js';
import { SandboxChannel } from '../src/gateway/sandbox-channel.js';
import { createTestDatabase, silentLog, startTestServer, stopTestServer } from '../test/helpers/pg.js';
import { testConfig } from '../test/jobs/fixtures.js';
import { report } from './lib/report.js';

async function accountWithCampaign(db: Db, run: string, phones: string[], transport: 'sandbox' | 'whatsapp') {
  await db.exec(`INSERT INTO plans (name, daily_limit) VALUES ($1, 1000000)`, [run]);
  const { account } = await createAccount(db, { name: run, ownerPhone: `+9230099${String(Date.now() % 100000).padStart(5, '0')}`, planName: run, credits: phones.length }, SYSTEM);
  const sid = (await db.one<{ id: number }>(`INSERT INTO sender_sessions (account_id, transport, status, purpose, warmup, next_send_at, pacing_min_ms, pacing_max_ms)
    VALUES ($1, $2, 'open', 'campaigns', false, '2000-01-01', $3, $4) RETURNING id`,
  [account.id, transport, transport === 'sandbox' ? null : 8000, transport === 'sandbox' ? null : 30000]))!.id;
  const c = await db.one<{ id: number }>(`INSERT INTO campaigns (account_id, name, body, status, launched_at) VALUES ($1, $2, 'Hi', 'running', now()) RETURNING id`, [account.id, run]);
  await db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, body) SELECT $1, $2, p, 'Hi' FROM unnest($3::text[]) p`, [c!.id, account.id, phones]);
  await reserve(db, account.id, phones.length, c!.id);
  return { accountId: account.id, sid };
}

const numbers = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(5, '0')}`);

await startTestServer();
const { url, drop } = await createTestDatabase();
const db = await openDb({ url, poolMax: 10 });
try {
  // 1. Credits charged: 900 present + 100 absent numbers, sandbox pacing 0.
  const config = testConfig({ SANDBOX_NOT_ON_WHATSAPP: '+92344' });
  const ctx = { db, clock: systemClock, log: silentLog, config };
  const { accountId, sid } = await accountWithCampaign(db, 'nowa', [...numbers('+92333', 900), ...numbers('+92344', 100)], 'sandbox');
  const ch = new SandboxChannel({ sessionId: sid, db, log: silentLog, deliveredMs: 600_000, readMs: -1, failureRate: 0, notOnWhatsApp: config.sandboxNotOnWhatsApp });
  await ch.connect();
  const d = new Dispatcher(ctx, { channel: (id) => (id === sid ? ch : undefined), ownedSessionIds: () => [sid] });
  for (let b = await claimForSender(db, config, systemClock, sid); b; b = await claimForSender(db, config, systemClock, sid)) await d.dispatch(b);
  await ch.close();
  const charged = (await db.one<{ n: number }>(`SELECT coalesce(-sum(reserved_delta), 0)::int AS n FROM credit_ledger WHERE account_id = $1 AND kind = 'debit'`, [accountId]))!.n;
  const released = (await db.one<{ n: number }>(`SELECT coalesce(sum(available_delta), 0)::int AS n FROM credit_ledger WHERE account_id = $1 AND kind = 'release'`, [accountId]))!.n;
  console.log(`1,000 recipients, 100 not on WhatsApp: ${charged} credits charged, ${released} released`);
  report({ name: 'credits charged, 1,000-recipient sandbox campaign with 100 absent numbers', value: charged, unit: 'credits', better: 'lower', target: 900 });
  report({ name: 'credits saved on a list with 10% absent numbers', value: (100 * released) / 1000, unit: '%', better: 'higher', target: 10 });

  // 2. Checks per hour of one paced WhatsApp sender at the default plan (300 an hour).
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
  const wa = await accountWithCampaign(db, 'nowa-paced', numbers('+92355', 2000), 'whatsapp');
  let checked = 0;
  const paced = Object.assign(new EventEmitter(), {
    sessionId: wa.sid, transport: 'whatsapp' as const,
    async connect() {}, async close() {},
    async send(_to: string, _c: OutgoingContent, o: { messageId?: string } = {}) { return { messageId: o.messageId!, at: new Date() }; },
    async checkNumbers(ps: string[]) { checked += ps.length; return new Map(ps.map((p) => [p, !p.endsWith('0')])); },
  }) as unknown as Channel;
  const pctx = { db, clock, log: silentLog, config: testConfig() };
  const pd = new Dispatcher(pctx, { channel: () => paced, ownedSessionIds: () => [wa.sid] });
  const start = clock.now().getTime();
  while (clock.now().getTime() - start < 3_600_000) {
    const b = await claimForSender(db, pctx.config, clock, wa.sid);
    if (!b) throw new Error('paced sender not due after its delay');
    await pd.dispatch(b);
    clock.set((await db.one<{ t: Date }>('SELECT next_send_at AS t FROM sender_sessions WHERE id = $1', [wa.sid]))!.t);
  }
  report({ name: 'onWhatsApp checks per hour, one paced WhatsApp sender, default plan', value: checked, unit: 'numbers/h', better: 'lower', target: 300 * 1.5 });
} finally {
  await db.close();
  await drop();
  await stopTestServer();
}
