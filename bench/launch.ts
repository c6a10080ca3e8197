// Launch time for a 1,000,000-contact list: the one transaction that locks the account,
// writes every outbox row (body rendered per recipient in SQL) with one INSERT … SELECT and
// reserves the credits. The list is made in SQL beforehand; 1% of it is suppressed.
// `node dist/bench/launch.js` (BENCH_CONTACTS=n for another size; BENCH_INNER_RUNS=n runs).
import { createAccount } from '../src/accounts.js';
import { SYSTEM } from '../src/audit.js';
import { createCampaign, launchCampaign, markDemoSent, prepareDemo } from '../src/campaigns/index.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createList } from '../src/contacts/index.js';
import type { Ctx } from '../src/context.js';
import { openDb } from '../src/db/database.js';
import { createTestDatabase, silentLog, startTestServer, stopTestServer } from '../test/helpers/pg.js';
import { median, report } from './lib/report.js';

const contacts = Number(process.env.BENCH_CONTACTS ?? 1_000_000);
const runs = Number(process.env.BENCH_INNER_RUNS ?? 1);

await startTestServer();
try {
  const { url, drop } = await createTestDatabase();
  const db = await openDb({ url, poolMax: 4 });
  const ctx: Ctx = { config: loadConfig({}), db, log: silentLog, clock: systemClock };
  const { account } = await createAccount(db, { name: 'bench', ownerPhone: '+923001111111', credits: contacts * runs }, SYSTEM);
  await db.exec(`INSERT INTO sender_sessions (account_id, purpose, transport, status) VALUES ($1, 'campaigns', 'sandbox', 'open')`, [account.id]);
  const list = await createList(ctx, account.id, 'big');
  await db.exec(
    `INSERT INTO contacts (list_id, phone, name, variables)
     SELECT $1, '+9230' || lpad(i::text, 8, '0'), CASE WHEN i % 3 > 0 THEN 'Customer ' || i END, jsonb_build_object('city', 'City ' || (i % 50))
       FROM generate_series(0, $2::int - 1) AS i`, [list.id, contacts]);
  await db.exec(`INSERT INTO suppressions (account_id, phone, source) SELECT $1, phone, 'reply' FROM contacts WHERE list_id = $2 AND id % 100 = 0`, [account.id, list.id]);
  await db.exec('VACUUM ANALYZE contacts');
  await db.exec('VACUUM ANALYZE suppressions');
  const seconds: number[] = [];
  for (let r = 0; r < runs; r++) {
    const name = `launch ${r}`;
    await createCampaign(ctx, account.id, { name, listName: 'big', body: 'Salam {{name|customer}}! Eid sale in {{city}}: 30% off till Sunday.' });
    const demo = await prepareDemo(ctx, account.id, name, '+923001111111');
    await markDemoSent(ctx, demo.campaignId, demo.bodyHash);
    const started = process.hrtime.bigint();
    const res = await launchCampaign(ctx, account.id, name, SYSTEM);
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
    console.log(`run ${r + 1}: ${seconds.at(-1)!.toFixed(2)} s for ${res.recipients} queued + ${res.skippedSuppressed} skipped`);
  }
  report({ name: `launch of a ${contacts.toLocaleString('en')}-contact list (median of ${runs})`, value: median(seconds), unit: 's', better: 'lower', target: contacts === 1_000_000 ? 10 : undefined });
  await db.close();
  await drop();
} finally {
  await stopTestServer();
}
