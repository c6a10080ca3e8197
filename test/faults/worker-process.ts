// A real process for the fault tests: one database pool, sandbox channels for the sender
// sessions it wins leases on (a test stand-in for the gateway's SessionManager), receipts
// wired to applyReceipt, and the Bree scheduler. Env: DATABASE_URL, SESSION_IDS=1,2,
// SEND_TICK_MS, RECONCILE_AFTER_MS, LEASE_MS, SEND_BATCH. Prints "ready" when started.
import { randomBytes } from 'node:crypto';
import { systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import { openDb } from '../../src/db/database.js';
import { applyReceipt } from '../../src/dispatch/receipts.js';
import { SandboxChannel } from '../../src/gateway/sandbox-channel.js';
import { createLogger } from '../../src/logger.js';
import { startScheduler } from '../../src/scheduler.js';

const config = loadConfig({ ...process.env, SANDBOX_PACING_MS: process.env.SANDBOX_PACING_MS ?? '0' });
const log = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', name: `proc${process.pid}` });
const db = await openDb({ url: config.databaseUrl!, poolMax: 8 });
const ctx: Ctx = { config, db, log, clock: systemClock };
const ownerId = `test-${process.pid}-${randomBytes(3).toString('hex')}`;
const wanted = (process.env.SESSION_IDS ?? '').split(',').filter(Boolean).map(Number);
const channels = new Map<number, SandboxChannel>();

async function heartbeat(): Promise<void> {
  const won = await db.query<{ id: number }>(
    `UPDATE sender_sessions SET owner_id = $2, lease_until = now() + make_interval(secs => $3::double precision / 1000), status = 'open'
      WHERE id = ANY($1::int[]) AND (owner_id IS NULL OR owner_id = $2 OR lease_until < now()) RETURNING id`,
    [wanted, ownerId, config.leaseMs]);
  for (const { id } of won) {
    if (channels.has(id)) continue;
    const ch = new SandboxChannel({ sessionId: id, db, log, deliveredMs: 50, readMs: -1, failureRate: 0 });
    ch.on('receipt', (r) => { applyReceipt(ctx, r).catch((e) => log.warn({ err: e }, 'receipt')); });
    await ch.connect();
    channels.set(id, ch);
  }
  for (const id of [...channels.keys()]) if (!won.some((w) => w.id === id)) { await channels.get(id)!.close(); channels.delete(id); }
}

await heartbeat();
const beat = setInterval(() => { heartbeat().catch((e) => log.warn({ err: e }, 'heartbeat')); }, Math.max(200, config.leaseMs / 3));
const scheduler = await startScheduler(ctx, {
  sessions: { ownerId, channel: (id) => channels.get(id), ownedSessionIds: () => [...channels.keys()] },
  sendWhatsApp: async () => undefined,
});
process.stdout.write(`ready ${ownerId}\n`);
process.on('SIGTERM', () => {
  void (async () => {
    clearInterval(beat);
    await scheduler.stop();
    for (const ch of channels.values()) await ch.close();
    await db.close();
    process.exit(0);
  })();
});
