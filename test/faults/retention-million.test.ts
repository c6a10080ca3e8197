// Issue 6.5 at scale: a million old outbox rows (and old sandbox messages) purged in short
// batches while a writer keeps using the outbox; a second run changes nothing.
import { expect } from 'chai';
import { systemClock } from '../../src/clock.js';
import type { Db, Queryable } from '../../src/db/database.js';
import { runRetentionPurge } from '../../src/retention.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeCampaign, testCtx } from '../jobs/fixtures.js';

const OLD_OUTBOX = 1_000_000;
const OLD_SANDBOX = 300_000;

/** The same Db, with every transaction and top-level statement timed. */
function timed(db: Db, spans: number[]): Db {
  const time = async <T>(p: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try { return await p(); } finally { spans.push(performance.now() - t0); }
  };
  return Object.assign(Object.create(db) as Db, {
    tx: <T>(fn: (q: Queryable) => Promise<T>) => time(() => db.tx(fn)),
    query: (sql: string, params?: unknown[]) => time(() => db.query(sql, params)),
    one: (sql: string, params?: unknown[]) => time(() => db.one(sql, params)),
    exec: (sql: string, params?: unknown[]) => time(() => db.exec(sql, params)),
  });
}

describe('fault: retention purge over a million old rows', function () {
  this.timeout(20 * 60_000);
  const t = useTestDb();

  it('anonymises in short batches, never blocks an outbox writer for long, and is idempotent', async () => {
    const { accountId } = await makeAccount(t.db);
    const live = await makeCampaign(t.db, accountId, 100); // recent rows a writer keeps touching
    const old = (await t.db.one<{ id: number }>(
      `INSERT INTO campaigns (account_id, name, body, status, launched_at, completed_at, created_at)
       VALUES ($1, 'old', 'Hi', 'completed', now() - interval '200 days', now() - interval '199 days', now() - interval '200 days') RETURNING id`,
      [accountId]))!.id;
    await t.db.exec(
      `INSERT INTO outbox (campaign_id, account_id, phone, name, body, status, credit_state, sent_at, created_at, updated_at)
       SELECT $1, $2, '+92' || (3000000000 + g % 400000)::text || lpad((g / 400000)::text, 2, '0'), 'N' || g, 'Hello N' || g,
              'delivered', 'debited', now() - interval '199 days', now() - interval '200 days' + g * interval '1 ms', now() - interval '199 days'
         FROM generate_series(1, $3) g`, [old, accountId, OLD_OUTBOX]);
    await t.db.exec(
      `INSERT INTO sandbox_messages (direction, from_phone, to_phone, body, wa_message_id, status, created_at)
       SELECT 'out', '+15550000001', '+92' || (3000000000 + g)::text, 'Hello ' || g, 'OLD' || g, 'delivered', now() - interval '150 days'
         FROM generate_series(1, $1) g`, [OLD_SANDBOX]);
    await t.db.exec('ANALYZE outbox; ANALYZE sandbox_messages');
    const distinctBefore = (await t.db.one<{ n: number }>('SELECT count(DISTINCT phone)::int AS n FROM outbox WHERE campaign_id = $1', [old]))!.n;

    // A writer on the live campaign and one on an old row, as the dispatcher and receipts would be.
    const waits: number[] = [];
    let writing = true;
    const writer = (async () => {
      while (writing) {
        const t0 = performance.now();
        await t.db.exec(`UPDATE outbox SET updated_at = now() WHERE id = (SELECT min(id) FROM outbox WHERE campaign_id = $1)`, [live]);
        await t.db.exec(`UPDATE outbox SET updated_at = now() WHERE id = (SELECT max(id) FROM outbox WHERE campaign_id = $1)`, [old]);
        waits.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const spans: number[] = [];
    const ctx = testCtx(timed(t.db, spans), systemClock, { RETENTION_HASH_KEY: 'fault-suite' });
    const started = performance.now();
    let first;
    try {
      first = await runRetentionPurge(ctx);
    } finally {
      writing = false;
      await writer;
    }
    const seconds = (performance.now() - started) / 1000;
    const longest = Math.max(...spans);
    const longestWait = Math.max(...waits);
    console.log(`      [figures] retention: outbox rows ${first.outboxAnonymised}, sandbox rows ${first.sandboxAnonymised}, ${seconds.toFixed(1)} s, `
      + `${spans.length} statements/transactions, longest ${Math.round(longest)} ms, longest outbox writer wait ${Math.round(longestWait)} ms `
      + `(${waits.length} writes), rows lost 0`);
    expect(first).to.include({ outboxAnonymised: OLD_OUTBOX, sandboxAnonymised: OLD_SANDBOX });
    // Batched: hundreds of short transactions, not one long one. Bounds are loose on purpose
    // (a loaded 2-core machine); the figures above are the measurement.
    expect(spans.length).to.be.greaterThan(OLD_OUTBOX / 10_000);
    expect(longest).to.be.below(30_000);
    expect(longestWait).to.be.below(30_000);

    const after = await t.db.one<{ n: number; anon: number; d: number; content: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE phone LIKE 'anon:%' AND anonymised_at IS NOT NULL)::int AS anon,
              count(DISTINCT phone)::int AS d, count(*) FILTER (WHERE body IS NOT NULL OR name IS NOT NULL)::int AS content
         FROM outbox WHERE campaign_id = $1`, [old]);
    // Statistics still count: every row kept, distinct recipients still distinct.
    expect(after).to.deep.equal({ n: OLD_OUTBOX, anon: OLD_OUTBOX, d: distinctBefore, content: 0 });
    expect((await t.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND phone LIKE 'anon:%'`, [live]))!.n).to.equal(0);
    expect((await t.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM sandbox_messages WHERE body IS NOT NULL OR to_phone NOT LIKE 'anon:%'`))!.n).to.equal(0);

    const checksum = () => t.db.one<{ h: string }>(`SELECT md5(string_agg(phone, ',' ORDER BY id)) AS h FROM outbox WHERE campaign_id = $1`, [old]);
    const before2 = await checksum();
    const again = await runRetentionPurge(testCtx(t.db, systemClock, { RETENTION_HASH_KEY: 'fault-suite' }));
    expect(Object.values(again).every((n) => n === 0)).to.equal(true);
    expect(await checksum()).to.deep.equal(before2);
  });
});
