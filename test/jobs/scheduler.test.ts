// Integration: the compiled jobs run through Bree itself (worker threads), in this process.
import { expect } from 'chai';
import { systemClock } from '../../src/clock.js';
import { applyReceipt } from '../../src/dispatch/receipts.js';
import { SandboxChannel } from '../../src/gateway/sandbox-channel.js';
import { startScheduler } from '../../src/scheduler.js';
import { silentLog, useTestDb } from '../helpers/pg.js';
import { waitFor } from '../helpers/wait-for.js';
import { makeAccount, makeCampaign, makeSender, statusCounts, testConfig } from './fixtures.js';

describe('scheduler (Bree, compiled jobs)', function () {
  this.timeout(60_000);
  const t = useTestDb();

  it('sends a campaign through the send-campaigns worker, records receipts, runs the daily jobs on demand, and stops cleanly', async () => {
    const config = { ...testConfig({ SEND_TICK_MS: '100' }), databaseUrl: t.url };
    const ctx = { config, db: t.db, log: silentLog, clock: systemClock };
    const { accountId } = await makeAccount(t.db);
    const sid = await makeSender(t.db, accountId);
    const cid = await makeCampaign(t.db, accountId, 50);
    const ch = new SandboxChannel({ sessionId: sid, db: t.db, log: silentLog, deliveredMs: 10, readMs: -1, failureRate: 0 });
    ch.on('receipt', (r) => { void applyReceipt(ctx, r); });
    await ch.connect();
    const scheduler = await startScheduler(ctx, {
      sessions: { channel: (id) => (id === sid ? ch : undefined), ownedSessionIds: () => [sid] },
      sendWhatsApp: async () => undefined,
    });
    try {
      await waitFor(async () => (await t.db.one('SELECT status FROM campaigns WHERE id = $1', [cid]))!.status === 'completed', 'campaign completed', 30_000, 200);
      await waitFor(async () => (await statusCounts(t.db, cid)).delivered === 50, 'delivery receipts', 10_000, 200);
      const out = await t.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM sandbox_messages WHERE direction = 'out' AND session_id = $1`, [sid]);
      expect(out!.n).to.equal(50);
      await scheduler.run('retention-purge');
      await scheduler.run('billing-reminders');
      await waitFor(async () => scheduler.state().jobs.filter((j) => ['retention-purge', 'billing-reminders'].includes(j.name) && j.runs > 0).length === 2, 'daily jobs to report', 20_000, 200);
      const st = scheduler.state();
      expect(st.running).to.equal(true);
      const send = st.jobs.find((j) => j.name === 'send-campaigns')!;
      expect(send.lastRunAt).to.be.instanceOf(Date);
      expect(st.jobs.every((j) => !j.lastError)).to.equal(true);
      const audit = await t.db.one(`SELECT details FROM audit_log WHERE action = 'retention.purge'`);
      expect(audit!.details).to.have.property('outboxAnonymised', 0);
    } finally {
      await scheduler.stop();
      await ch.close();
    }
    expect(scheduler.state().running).to.equal(false);
    expect((await statusCounts(t.db, cid)).sending ?? 0).to.equal(0);
  });
});
