import { expect } from 'chai';
import { FakeClock } from '../../src/clock.js';
import { openDb } from '../../src/db/database.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeCampaign, makeSender, statusCounts, testCtx } from './fixtures.js';

describe('dispatch: concurrent claims of one account', () => {
  const t = useTestDb();
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));

  it('keeps the plan daily limit when senders claim at the same moment, and rows beyond it go back to the queue clean', async function () {
    this.timeout(30_000);
    const db = await openDb({ url: t.url, poolMax: 8 });
    try {
      const ctx = testCtx(db, clock, { SEND_BATCH: '200' });
      const { accountId } = await makeAccount(db, { plan: { daily_limit: 250 } });
      const senders = await Promise.all([1, 2, 3, 4].map(() => makeSender(db, accountId)));
      const cid = await makeCampaign(db, accountId, 1000);
      // Hold the account's claim lock so all four claims pick their rows before any checks the limit.
      let release!: () => void;
      const held = new Promise<void>((r) => { release = r; });
      let locked!: () => void;
      const lockTaken = new Promise<void>((r) => { locked = r; });
      const holder = db.tx(async (q) => { await q.query('SELECT pg_advisory_xact_lock(6001, $1)', [accountId]); locked(); await held; });
      await lockTaken;
      const claims = Promise.all(senders.map((id) => claimForSender(db, ctx.config, clock, id)));
      for (let i = 0; i < 200; i++) {
        const w = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
        if (w!.n === 4) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      release();
      await holder;
      const batches = await claims;
      const claimed = batches.reduce((n, b) => n + (b?.rows.length ?? 0), 0);
      expect(claimed).to.equal(250);
      expect(await statusCounts(db, cid)).to.deep.equal({ sending: 250, queued: 750 });
      const dirty = await db.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND status = 'queued' AND (wa_message_id IS NOT NULL OR attempts <> 0 OR claimed_at IS NOT NULL OR claimed_by IS NOT NULL)`, [cid]);
      expect(dirty!.n).to.equal(0);
      const counted = await db.one<{ n: number }>(`SELECT sum(sent_today)::int AS n FROM sender_sessions WHERE account_id = $1`, [accountId]);
      expect(counted!.n).to.equal(250);
      expect(await claimForSender(db, ctx.config, clock, senders[0]!)).to.equal(undefined);
    } finally {
      await db.close();
    }
  });
});
