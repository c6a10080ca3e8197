// The events the dispatch path writes (issue 15 item 5): message.sent per recorded row,
// campaign.completed, credits.low once per crossing, sender.paused (by a person and by the
// dispatcher), each in the transaction of its change; and none at all for an account with
// no endpoint. Then item 6: receipts for 10,000 messages reach a real receiver in order per
// message, each webhook id once after dedupe.
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { SYSTEM } from '../../src/audit.js';
import { systemClock } from '../../src/clock.js';
import type { Ctx } from '../../src/context.js';
import { topUp } from '../../src/credits.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import { applyReceipt } from '../../src/dispatch/receipts.js';
import type { Channel, OutgoingContent } from '../../src/gateway/channel.js';
import { autoPauseSender, pauseSender } from '../../src/senders/pause-sender.js';
import { deliverDueWebhooks } from '../../src/webhooks/deliver.js';
import { createWebhookEndpoint } from '../../src/webhooks/endpoints.js';
import type { WebhookEventType } from '../../src/webhooks/events.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeCampaign, makeSender, testCtx } from '../jobs/fixtures.js';

const ENV = { ENCRYPTION_KEY: 'a'.repeat(64), WEBHOOK_ALLOW_PRIVATE: 'true' };

/** Accepts every send at once (a sandbox sender with no pacing: the batch goes in parallel). */
class InstantChannel extends EventEmitter {
  readonly transport = 'sandbox' as const;
  constructor(readonly sessionId: number, private readonly fail: (to: string) => boolean = () => false) { super(); }
  async connect() {}
  async close() {}
  async send(to: string, _content: OutgoingContent, opts: { messageId?: string } = {}) {
    if (this.fail(to)) throw new Error('simulated send error');
    return { messageId: opts.messageId!, at: new Date() };
  }
}

/** Claims and dispatches until the sender has nothing left, as jobs/send-campaigns.ts does. */
async function sendAll(ctx: Ctx, sessionId: number, channel = new InstantChannel(sessionId)): Promise<void> {
  const d = new Dispatcher(ctx, { channel: (id) => (id === sessionId ? channel as unknown as Channel : undefined), ownedSessionIds: () => [sessionId] });
  for (;;) {
    const batch = await claimForSender(ctx.db, ctx.config, ctx.clock, sessionId);
    if (!batch) return;
    await d.dispatch(batch);
  }
}

async function eventsOf(ctx: Ctx, accountId: number, type?: string) {
  return ctx.db.query<{ id: number; type: string; payload: Record<string, any> }>(
    'SELECT id, type, payload FROM webhook_events WHERE account_id = $1 AND ($2::text IS NULL OR type = $2) ORDER BY id', [accountId, type ?? null]);
}

describe('api: webhook events from dispatch, completion, credits and senders', () => {
  const t = useTestDb();

  it('message.sent per sent row and campaign.completed with its counts, in the transaction that records them; nothing for an account without endpoints', async () => {
    const ctx = testCtx(t.db, systemClock, { ...ENV, SEND_BATCH: '7' });
    const withHooks = await makeAccount(t.db, { credits: 1000 });
    const without = await makeAccount(t.db, { credits: 1000 });
    await createWebhookEndpoint(ctx, withHooks.accountId, { url: 'http://127.0.0.1:9/hook', events: ['message.sent', 'campaign.completed'] }, SYSTEM);
    // An endpoint of another account, and a disabled one, change nothing for the account without.
    const off = await createWebhookEndpoint(ctx, without.accountId, { url: 'http://127.0.0.1:9/off', events: ['message.sent'] }, SYSTEM);
    await t.db.exec('UPDATE webhook_endpoints SET enabled = false WHERE id = $1', [off.id]);

    for (const { accountId } of [withHooks, without]) {
      const sid = await makeSender(t.db, accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
      await makeCampaign(t.db, accountId, 30);
      // Three numbers fail: no message.sent for them.
      await sendAll(ctx, sid, new InstantChannel(sid, (to) => /000000[123]$/.test(to)));
    }
    const sent = await eventsOf(ctx, withHooks.accountId, 'message.sent');
    const rows = await t.db.query<{ wa_message_id: string; campaign_id: number }>(
      `SELECT wa_message_id, campaign_id FROM outbox WHERE account_id = $1 AND status = 'sent' ORDER BY id`, [withHooks.accountId]);
    expect(rows).to.have.length(27);
    expect(sent.map((e) => e.payload.message_id)).to.have.members(rows.map((r) => r.wa_message_id));
    expect(new Set(sent.map((e) => e.payload.message_id)).size).to.equal(27);
    expect(sent[0]!.payload).to.have.keys('message_id', 'campaign_id', 'channel', 'at');
    const deliveries = await t.db.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE e.account_id = $1`, [withHooks.accountId]);
    expect(deliveries!.n).to.equal(28); // 27 sent + 1 completed

    const completed = await eventsOf(ctx, withHooks.accountId, 'campaign.completed');
    expect(completed).to.have.length(1);
    expect(completed[0]!.payload).to.deep.include({ campaign_id: rows[0]!.campaign_id, counts: { sent: 27, failed: 3 } });
    expect(completed[0]!.id, 'completed after the last sent').to.be.greaterThan(sent.at(-1)!.id);

    expect(await eventsOf(ctx, without.accountId)).to.have.length(0);
    expect((await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM webhook_deliveries'))!.n).to.equal(28);
  });

  it('credits.low once when the credits left cross 10 % of the last top-up, again only after a new top-up', async () => {
    const ctx = testCtx(t.db, systemClock, { ...ENV, SEND_BATCH: '3' });
    const { accountId } = await makeAccount(t.db, { credits: 100 });
    await createWebhookEndpoint(ctx, accountId, { url: 'http://127.0.0.1:9/hook', events: ['credits.low'] }, SYSTEM);
    const sid = await makeSender(t.db, accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });

    await makeCampaign(t.db, accountId, 85);
    await sendAll(ctx, sid);
    expect(await eventsOf(ctx, accountId), '15 left of 100: not low').to.have.length(0);

    await makeCampaign(t.db, accountId, 12); // 15 → 3, in batches of 3: crosses at 9, stays below after
    await sendAll(ctx, sid);
    let low = await eventsOf(ctx, accountId, 'credits.low');
    expect(low).to.have.length(1);
    expect(low[0]!.payload).to.deep.equal({ credits_left: 9, threshold: 10, percent_of_last_topup: 10 });

    await topUp(t.db, accountId, 200, 'test top-up'); // 203 left; 10 % of 200 = 20
    await makeCampaign(t.db, accountId, 170);
    await sendAll(ctx, sid);
    expect(await eventsOf(ctx, accountId, 'credits.low'), '33 left: not low yet').to.have.length(1);
    await makeCampaign(t.db, accountId, 30);
    await sendAll(ctx, sid);
    low = await eventsOf(ctx, accountId, 'credits.low');
    expect(low).to.have.length(2);
    expect(low[1]!.payload).to.include({ credits_left: 18, threshold: 20 });
  });

  it('sender.paused when a person pauses a sender and when the dispatcher does (repeated errors)', async () => {
    const ctx = testCtx(t.db, systemClock, ENV);
    const { accountId } = await makeAccount(t.db);
    await createWebhookEndpoint(ctx, accountId, { url: 'http://127.0.0.1:9/hook', events: ['sender.paused'] }, SYSTEM);
    const manual = await makeSender(t.db, accountId);
    await pauseSender(t.db, manual, 'holiday', SYSTEM, { accountId });
    await t.db.tx(async (q) => { expect(await autoPauseSender(q, manual, accountId, 'again')).to.equal(false); }); // paused already: no second event

    const auto = await makeSender(t.db, accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
    await makeCampaign(t.db, accountId, 5);
    const d = new Dispatcher(ctx, { channel: () => new InstantChannel(auto, () => true) as unknown as Channel, ownedSessionIds: () => [auto] });
    await d.dispatch((await claimForSender(t.db, ctx.config, ctx.clock, auto))!);

    const paused = await eventsOf(ctx, accountId, 'sender.paused');
    expect(paused.map((e) => [e.payload.sender_id, e.payload.automatic])).to.deep.equal([[manual, false], [auto, true]]);
    expect(paused[0]!.payload.reason).to.equal('holiday');
    expect(paused[1]!.payload.reason).to.match(/send errors in a row/);
  });

  it('receipts for 10,000 messages reach a real receiver as sent → delivered → read per message, each id once after dedupe', async function () {
    this.timeout(600_000);
    const N = Number(process.env.WEBHOOK_TEST_MESSAGES ?? 10_000);
    const ctx = testCtx(t.db, systemClock, ENV);
    const { accountId } = await makeAccount(t.db, { credits: N });
    let secret = '';
    const seen = new Set<string>();
    const perMessage = new Map<string, string[]>();
    let duplicates = 0;
    let badSignatures = 0;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        const headers = { 'webhook-id': String(req.headers['webhook-id']), 'webhook-timestamp': String(req.headers['webhook-timestamp']), 'webhook-signature': String(req.headers['webhook-signature']) };
        let event: { type: string; data: { message_id: string } };
        try { event = new Webhook(secret).verify(body, headers) as typeof event; } catch { badSignatures++; res.statusCode = 400; res.end(); return; }
        if (seen.has(headers['webhook-id'])) duplicates++;
        else {
          seen.add(headers['webhook-id']);
          const list = perMessage.get(event.data.message_id) ?? perMessage.set(event.data.message_id, []).get(event.data.message_id)!;
          list.push(event.type);
        }
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const events: WebhookEventType[] = ['message.sent', 'message.delivered', 'message.read', 'message.failed'];
      const endpoint = await createWebhookEndpoint(ctx, accountId, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, events }, SYSTEM);
      secret = endpoint.secret;
      const sid = await makeSender(t.db, accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
      await makeCampaign(t.db, accountId, N);

      // The delivery job runs alongside, as the scheduler runs it.
      let stop = false;
      const delivering = (async () => {
        while (!stop || (await t.db.one<{ n: number }>("SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending' AND endpoint_id = $1", [endpoint.id]))!.n > 0) {
          const r = await deliverDueWebhooks(ctx, { limit: 500 });
          if (r.delivered + r.failed + r.retried === 0) await new Promise((res) => setTimeout(res, 20));
        }
      })();
      await sendAll(ctx, sid);
      const ids = (await t.db.query<{ wa_message_id: string }>('SELECT wa_message_id FROM outbox WHERE account_id = $1', [accountId])).map((r) => r.wa_message_id);
      expect(ids).to.have.length(N);
      // Receipts as the gateway applies them: delivered then read per message, 8 at a time.
      let next = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (next < ids.length) {
          const messageId = ids[next++]!;
          await applyReceipt(ctx, { sessionId: sid, messageId, status: 'delivered', at: new Date() });
          await applyReceipt(ctx, { sessionId: sid, messageId, status: 'read', at: new Date() });
        }
      }));
      stop = true;
      await delivering;

      expect(badSignatures).to.equal(0);
      expect(perMessage.size).to.equal(N);
      const wrong = [...perMessage].filter(([, types]) => types.join() !== 'message.sent,message.delivered,message.read');
      expect(wrong.slice(0, 3), `${wrong.length} messages out of order`).to.deep.equal([]);
      expect(seen.size).to.equal(3 * N);
      const stored = await t.db.one<{ n: number }>("SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered' AND endpoint_id = $1", [endpoint.id]);
      expect(stored!.n).to.equal(3 * N);
      expect(duplicates).to.equal(0);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
