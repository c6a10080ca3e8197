// Issue 19 item 4 / issue 22 item 1: a campaign's progress comes from its counters
// (campaign_counts), kept by the statements that move outbox rows. Whatever happens to the
// rows (sends, failures, receipts, a stop that requeues, cancel, deletion), `status` shows
// what a full count of the outbox shows. (The SIGKILL runs check the same in kill-loop.ts.)
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { SYSTEM } from '../../src/audit.js';
import { cancelCampaign } from '../../src/campaigns/control.js';
import { campaignStats } from '../../src/campaigns/stats.js';
import { FakeClock } from '../../src/clock.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import { applyReceipt } from '../../src/dispatch/receipts.js';
import type { Channel, OutgoingContent } from '../../src/gateway/channel.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeCampaign, makeSender, testCtx } from './fixtures.js';

class FlakyChannel extends EventEmitter {
  readonly transport = 'whatsapp' as const;
  ids: string[] = [];
  private n = 0;
  constructor(readonly sessionId: number, private readonly failEvery: number) { super(); }
  async connect() {}
  async close() {}
  async send(_to: string, _content: OutgoingContent, opts: { messageId?: string } = {}) {
    if (++this.n % this.failEvery === 0) throw new Error(this.n % 2 ? 'boom odd' : 'boom even');
    this.ids.push(opts.messageId!);
    return { messageId: opts.messageId!, at: new Date() };
  }
}

describe('campaign counters', () => {
  const t = useTestDb();
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));

  async function fullCount(campaignId: number) {
    const rows = await t.db.query<{ status: string; reason: string | null; n: number }>(
      'SELECT status, reason, count(*)::int AS n FROM outbox WHERE campaign_id = $1 GROUP BY 1, 2', [campaignId]);
    const counts: Record<string, number> = {};
    const failed: Record<string, number> = {};
    for (const r of rows) {
      counts[r.status] = (counts[r.status] ?? 0) + r.n;
      if (r.status === 'failed') failed[r.reason ?? 'unknown'] = r.n;
    }
    return { counts, failed };
  }

  async function shown(campaignId: number) {
    const s = await campaignStats(testCtx(t.db, clock), campaignId);
    return { counts: Object.fromEntries(Object.entries(s.counts).filter(([, n]) => n !== 0)), failed: s.failedByReason, status: s.status, total: s.total };
  }

  it('status shows what a full count of the outbox shows, through sends, failures, receipts, a requeue and completion', async () => {
    const ctx = testCtx(t.db, clock, { SEND_BATCH: '40' });
    const { accountId } = await makeAccount(t.db);
    const channels = [
      new FlakyChannel(await makeSender(t.db, accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } }), 9),
      new FlakyChannel(await makeSender(t.db, accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } }), 13),
    ];
    const cid = await makeCampaign(t.db, accountId, 300);
    expect(await shown(cid)).to.deep.include({ counts: { queued: 300 }, total: 300, status: 'running' });

    const dispatcher = new Dispatcher(ctx, { channel: (id) => channels.find((c) => c.sessionId === id) as unknown as Channel, ownedSessionIds: () => channels.map((c) => c.sessionId) });
    // One batch, then a stop mid-way through the next: its unsent rows go back to the queue.
    const first = await claimForSender(t.db, ctx.config, ctx.clock, channels[0]!.sessionId);
    await dispatcher.dispatch(first!);
    const second = await claimForSender(t.db, ctx.config, ctx.clock, channels[1]!.sessionId);
    const stopping = new Dispatcher(ctx, { channel: () => undefined, ownedSessionIds: () => [] });
    await stopping.dispatch(second!);
    const mid = await fullCount(cid);
    expect(mid.counts.queued).to.equal(260);
    expect(await shown(cid)).to.deep.include({ counts: mid.counts, failed: mid.failed });

    for (let round = 0; round < 50; round++) {
      clock.advance(60_000);
      const batches = (await Promise.all(channels.map((c) => claimForSender(t.db, ctx.config, ctx.clock, c.sessionId)))).filter((b) => b !== undefined);
      if (!batches.length) break;
      await Promise.all(batches.map((b) => dispatcher.dispatch(b)));
    }
    for (const id of channels[0]!.ids.slice(0, 25)) await applyReceipt(ctx, { messageId: id, status: 'delivered', at: clock.now(), sessionId: channels[0]!.sessionId });
    for (const id of channels[1]!.ids.slice(0, 10)) await applyReceipt(ctx, { messageId: id, status: 'read', at: clock.now(), sessionId: channels[1]!.sessionId });

    const end = await fullCount(cid);
    expect(end.counts.failed).to.be.greaterThan(0);
    expect(end.counts.delivered).to.equal(25);
    expect(end.counts.read).to.equal(10);
    expect(Object.keys(end.failed)).to.have.members(['boom odd', 'boom even']);
    expect(await shown(cid)).to.deep.include({ counts: end.counts, failed: end.failed, status: 'completed', total: 300 });
  });

  it('a cancelled campaign shows its skipped rows; a deleted one leaves no counters behind', async () => {
    const ctx = testCtx(t.db, clock);
    const { accountId } = await makeAccount(t.db);
    const cid = await makeCampaign(t.db, accountId, 120);
    const name = (await t.db.one<{ name: string }>('SELECT name FROM campaigns WHERE id = $1', [cid]))!.name;
    await cancelCampaign(ctx, accountId, name, SYSTEM);
    const after = await fullCount(cid);
    expect(after.counts).to.deep.equal({ skipped: 120 });
    expect((await shown(cid)).counts).to.deep.equal({ skipped: 120 });

    await t.db.exec('DELETE FROM campaigns WHERE id = $1', [cid]);
    expect((await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM campaign_counts WHERE campaign_id = $1', [cid]))!.n).to.equal(0);
  });
  it('per-variant and per-channel counts come from the counters and match a full count as rows move', async () => {
    const ctx = testCtx(t.db, clock);
    const { accountId } = await makeAccount(t.db);
    const cid = await makeCampaign(t.db, accountId, 90);
    await t.db.exec(`UPDATE campaigns SET alternates = ARRAY['Second text'], sms_fallback = 'not_registered' WHERE id = $1`, [cid]);
    // Rows get their variant, some move to SMS (the fallback) and some are sent or read, statement by statement.
    await t.db.exec('UPDATE outbox SET variant = (id % 2) WHERE campaign_id = $1', [cid]);
    await t.db.exec(`UPDATE outbox SET channel = 'sms' WHERE campaign_id = $1 AND id % 3 = 0`, [cid]);
    await t.db.exec(`UPDATE outbox SET status = 'sent' WHERE campaign_id = $1 AND id % 5 < 2`, [cid]);
    await t.db.exec(`UPDATE outbox SET status = 'read' WHERE campaign_id = $1 AND id % 5 = 0`, [cid]);
    await t.db.exec(`UPDATE outbox SET status = 'skipped', reason = 'suppressed' WHERE campaign_id = $1 AND id % 7 = 0 AND status = 'queued'`, [cid]);
    const s = await campaignStats(ctx, cid);
    const byVariant = await t.db.query<{ variant: number; recipients: number; sent: number; read: number }>(
      `SELECT variant, count(*) FILTER (WHERE status <> 'skipped')::int AS recipients,
              count(*) FILTER (WHERE status IN ('sent', 'delivered', 'read'))::int AS sent, count(*) FILTER (WHERE status = 'read')::int AS read
         FROM outbox WHERE campaign_id = $1 GROUP BY variant ORDER BY variant`, [cid]);
    expect(s.variants.map(({ variant, recipients, sent, read }) => ({ variant, recipients, sent, read }))).to.deep.equal(byVariant);
    const byChannel = await t.db.query<{ channel: string; status: string; n: number }>(
      'SELECT channel, status, count(*)::int AS n FROM outbox WHERE campaign_id = $1 GROUP BY 1, 2 ORDER BY 1, 2', [cid]);
    const shownChannels = Object.entries(s.byChannel).flatMap(([channel, per]) => Object.entries(per!).filter(([, n]) => n !== 0).map(([status, n]) => ({ channel, status, n })))
      .sort((a, b) => a.channel.localeCompare(b.channel) || a.status.localeCompare(b.status));
    expect(shownChannels).to.deep.equal(byChannel);
    expect(byChannel.map((r) => r.channel)).to.include.members(['sms', 'whatsapp']);
  });
});
