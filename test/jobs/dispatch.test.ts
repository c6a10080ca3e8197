import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { FakeClock } from '../../src/clock.js';
import { findLedgerViolations } from '../../src/credits.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import { applyReceipt } from '../../src/dispatch/receipts.js';
import { reconcileInFlight } from '../../src/dispatch/reconcile.js';
import { RateLimitedError, type Channel, type OutgoingContent } from '../../src/gateway/channel.js';
import { useTestDb } from '../helpers/pg.js';
import { ledgerCheck, makeAccount, makeCampaign, makeSender, statusCounts, testCtx } from './fixtures.js';

/** A channel whose send() does what the test says, and remembers what it was asked to send. */
class ScriptedChannel extends EventEmitter {
  readonly transport = 'whatsapp' as const;
  sent: Array<{ to: string; text: string; id?: string }> = [];
  constructor(readonly sessionId: number, private readonly behave: (n: number) => void = () => undefined) { super(); }
  async connect() {}
  async close() {}
  async send(to: string, content: OutgoingContent, opts: { messageId?: string } = {}) {
    this.behave(this.sent.length);
    this.sent.push({ to, text: content.kind === 'text' ? content.text : '', id: opts.messageId });
    return { messageId: opts.messageId!, at: new Date() };
  }
}

function sessionsOf(channels: ScriptedChannel[]) {
  return { channel: (id: number) => channels.find((c) => c.sessionId === id) as unknown as Channel | undefined, ownedSessionIds: () => channels.map((c) => c.sessionId) };
}

describe('dispatch: claim, pacing, limits, outcomes', () => {
  const t = useTestDb();
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));

  it('sends a batch with the pre-generated ids, debits once per batch, and paces the sender by a random delay', async () => {
    const ctx = testCtx(t.db, clock);
    const { accountId } = await makeAccount(t.db);
    const sid = await makeSender(t.db, accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
    const cid = await makeCampaign(t.db, accountId, 5);
    const ch = new ScriptedChannel(sid);
    const batch = await claimForSender(t.db, ctx.config, clock, sid);
    expect(batch!.rows).to.have.length(5);
    expect(new Set(batch!.rows.map((r) => r.messageId)).size).to.equal(5);
    expect(batch!.rows[0]!.messageId).to.match(/^3EB0[0-9A-F]{16}$/);
    const r = await new Dispatcher(ctx, sessionsOf([ch])).dispatch(batch!);
    expect(r).to.include({ sent: 5, failed: 0, requeued: 0 });
    expect(ch.sent.map((s) => s.id)).to.deep.equal(batch!.rows.map((x) => x.messageId));
    expect(ch.sent[0]!.text).to.equal('Hello N1');
    expect(await statusCounts(t.db, cid)).to.deep.equal({ sent: 5 });
    const camp = await t.db.one('SELECT status FROM campaigns WHERE id = $1', [cid]);
    expect(camp!.status).to.equal('completed');
    const debits = await t.db.query(`SELECT * FROM credit_ledger WHERE account_id = $1 AND kind = 'debit'`, [accountId]);
    expect(debits).to.have.length(1);
    expect((await ledgerCheck(t.db, accountId)).reserved).to.equal(0);
  });

  it('a paced sender takes one row per claim and is not due again until its random delay has passed', async () => {
    const ctx = testCtx(t.db, clock);
    const { accountId } = await makeAccount(t.db);
    const sid = await makeSender(t.db, accountId, { extra: { pacing_min_ms: 8000, pacing_max_ms: 30000 } });
    await makeCampaign(t.db, accountId, 3);
    const ch = new ScriptedChannel(sid);
    const d = new Dispatcher(ctx, sessionsOf([ch]), undefined, () => 0.5);
    const b1 = await claimForSender(t.db, ctx.config, clock, sid);
    expect(b1!.rows).to.have.length(1);
    expect(await claimForSender(t.db, ctx.config, clock, sid), 'claimed while the first is in flight').to.equal(undefined);
    await d.dispatch(b1!);
    const next = await t.db.one<{ next_send_at: Date }>('SELECT next_send_at FROM sender_sessions WHERE id = $1', [sid]);
    expect(next!.next_send_at.getTime() - clock.now().getTime()).to.equal(19000); // 8000 + floor(0.5 * 22001)
    clock.advance(18_000);
    expect(await claimForSender(t.db, ctx.config, clock, sid)).to.equal(undefined);
    clock.advance(1_000);
    expect((await claimForSender(t.db, ctx.config, clock, sid))!.rows).to.have.length(1);
  });

  it('rotates one campaign over several senders without giving a row to two of them', async () => {
    const ctx = testCtx(t.db, clock);
    const { accountId } = await makeAccount(t.db);
    const s1 = await makeSender(t.db, accountId);
    const s2 = await makeSender(t.db, accountId);
    const cid = await makeCampaign(t.db, accountId, 300);
    const [b1, b2] = await Promise.all([claimForSender(t.db, ctx.config, clock, s1), claimForSender(t.db, ctx.config, clock, s2)]);
    const ids1 = b1!.rows.map((r) => r.id);
    const ids2 = b2!.rows.map((r) => r.id);
    expect(ids1.length + ids2.length).to.equal(300);
    expect(ids1.filter((id) => ids2.includes(id))).to.deep.equal([]);
    const d = new Dispatcher(ctx, sessionsOf([new ScriptedChannel(s1), new ScriptedChannel(s2)]));
    await Promise.all([d.dispatch(b1!), d.dispatch(b2!)]);
    expect(await statusCounts(t.db, cid)).to.deep.equal({ sent: 300 });
  });

  it("keeps to the sender's daily cap, the warm-up ladder, and the plan's daily limit across senders", async () => {
    const ctx = testCtx(t.db, clock, { WARMUP_LADDER: '20,50', SENDER_DAILY_CAP: '40' });
    const { accountId } = await makeAccount(t.db, { plan: { daily_limit: 30 } });
    // A WhatsApp number linked today: ladder step 20; cap 40; both at pacing 0 here.
    const fresh = await makeSender(t.db, accountId, { transport: 'whatsapp', extra: { pacing_min_ms: 0, pacing_max_ms: 0, linked_at: clock.now() } });
    const other = await makeSender(t.db, accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
    await makeCampaign(t.db, accountId, 100);
    expect((await claimForSender(t.db, ctx.config, clock, fresh))!.rows).to.have.length(20);
    await t.db.exec('UPDATE sender_sessions SET next_send_at = $2 WHERE id = $1', [fresh, clock.now()]);
    expect(await claimForSender(t.db, ctx.config, clock, fresh), 'warm-up step used up').to.equal(undefined);
    expect((await claimForSender(t.db, ctx.config, clock, other))!.rows, 'plan limit 30 across senders').to.have.length(10);
    // Next local day (Asia/Karachi): counters start again; day 1 of the ladder allows 50, the cap 40, the plan 30.
    clock.advance(24 * 3600_000);
    await t.db.exec('UPDATE sender_sessions SET next_send_at = $2 WHERE account_id = $1', [accountId, clock.now()]);
    expect((await claimForSender(t.db, ctx.config, clock, fresh))!.rows).to.have.length(30);
    clock.advance(-24 * 3600_000);
  });

  it('sends nothing in quiet hours of the account time zone', async () => {
    const ctx = testCtx(t.db, clock);
    const { accountId } = await makeAccount(t.db);
    // 09:00 UTC = 14:00 in Karachi.
    await t.db.exec('UPDATE accounts SET quiet_start_hour = 13, quiet_end_hour = 15 WHERE id = $1', [accountId]);
    const sid = await makeSender(t.db, accountId);
    await makeCampaign(t.db, accountId, 2);
    expect(await claimForSender(t.db, ctx.config, clock, sid)).to.equal(undefined);
    await t.db.exec('UPDATE accounts SET quiet_start_hour = 22, quiet_end_hour = 8 WHERE id = $1', [accountId]);
    expect((await claimForSender(t.db, ctx.config, clock, sid))!.rows).to.have.length(2);
  });

  it('auto-pauses a sender after N errors in a row, tells the owner, and the campaign goes on through the other sender', async () => {
    const ctx = testCtx(t.db, clock, { AUTO_PAUSE_ERRORS: '3' });
    const { accountId, ownerPhone } = await makeAccount(t.db);
    const bad = await makeSender(t.db, accountId);
    const good = await makeSender(t.db, accountId);
    const cid = await makeCampaign(t.db, accountId, 10);
    const told: Array<[string, string]> = [];
    const chBad = new ScriptedChannel(bad, () => { throw new Error('socket closed'); });
    const d = new Dispatcher(ctx, sessionsOf([chBad, new ScriptedChannel(good)]), async (to, text) => { told.push([to, text]); });
    await t.db.exec('UPDATE sender_sessions SET pacing_min_ms = 0, pacing_max_ms = 0 WHERE account_id = $1', [accountId]);
    const b = await claimForSender(t.db, ctx.config, clock, bad);
    const r = await d.dispatch(b!);
    expect(r.failed).to.equal(3);
    expect(r.requeued).to.equal(7);
    expect(r.paused).to.match(/3 send errors in a row/);
    expect(told).to.have.length(1);
    expect(told[0]![0]).to.equal(ownerPhone);
    expect(await claimForSender(t.db, ctx.config, clock, bad)).to.equal(undefined);
    const rest = await claimForSender(t.db, ctx.config, clock, good);
    await d.dispatch(rest!);
    expect(await statusCounts(t.db, cid)).to.deep.equal({ failed: 3, sent: 7 });
    const failed = await t.db.query(`SELECT reason, credit_state FROM outbox WHERE campaign_id = $1 AND status = 'failed'`, [cid]);
    expect(failed.every((f) => f.reason === 'socket closed' && f.credit_state === 'released')).to.equal(true);
    expect(await ledgerCheck(t.db, accountId)).to.include({ reserved: 0, debited: 7 });
  });

  it('pauses a sender on a rate-limit answer and puts the unsent row back in the queue', async () => {
    const ctx = testCtx(t.db, clock);
    const { accountId } = await makeAccount(t.db);
    const sid = await makeSender(t.db, accountId);
    const cid = await makeCampaign(t.db, accountId, 4);
    const ch = new ScriptedChannel(sid, (n) => { if (n === 1) throw new RateLimitedError('rate-overlimit'); });
    const r = await new Dispatcher(ctx, sessionsOf([ch])).dispatch((await claimForSender(t.db, ctx.config, clock, sid))!);
    expect(r).to.include({ sent: 1, requeued: 3 });
    expect(await statusCounts(t.db, cid)).to.deep.equal({ sent: 1, queued: 3 });
    const s = await t.db.one('SELECT paused_reason, sent_today FROM sender_sessions WHERE id = $1', [sid]);
    expect(s!.paused_reason).to.match(/slow down/);
    expect(s!.sent_today).to.equal(1);
  });

  it('stopping mid-batch requeues what was not handed to WhatsApp', async () => {
    const ctx = testCtx(t.db, clock);
    const { accountId } = await makeAccount(t.db);
    const sid = await makeSender(t.db, accountId);
    const cid = await makeCampaign(t.db, accountId, 6);
    let d!: Dispatcher;
    const ch = new ScriptedChannel(sid, (n) => { if (n === 2) d.beginStop(); });
    d = new Dispatcher(ctx, sessionsOf([ch]));
    await d.dispatch((await claimForSender(t.db, ctx.config, clock, sid))!);
    expect(await statusCounts(t.db, cid)).to.deep.equal({ sent: 3, queued: 3 });
    expect((await t.db.query(`SELECT 1 FROM outbox WHERE campaign_id = $1 AND status = 'queued' AND wa_message_id IS NOT NULL`, [cid]))).to.have.length(0);
  });

  it('receipts move rows forward only; a receipt for a row left "sending" proves and debits it', async () => {
    const ctx = testCtx(t.db, clock);
    const { accountId } = await makeAccount(t.db);
    const sid = await makeSender(t.db, accountId);
    const cid = await makeCampaign(t.db, accountId, 3);
    const b = (await claimForSender(t.db, ctx.config, clock, sid))!;
    const [a, bb, c] = b.rows;
    await applyReceipt(ctx, { sessionId: sid, messageId: a!.messageId, status: 'read', at: clock.now() });
    await applyReceipt(ctx, { sessionId: sid, messageId: a!.messageId, status: 'delivered', at: clock.now() });
    await applyReceipt(ctx, { sessionId: sid, messageId: bb!.messageId, status: 'delivered', at: clock.now() });
    await applyReceipt(ctx, { sessionId: sid, messageId: c!.messageId, status: 'failed', reason: 'not on WhatsApp', at: clock.now() });
    await applyReceipt(ctx, { sessionId: sid, messageId: 'UNKNOWN', status: 'read', at: clock.now() });
    const rows = await t.db.query('SELECT status, reason, credit_state FROM outbox WHERE campaign_id = $1 ORDER BY id', [cid]);
    expect(rows.map((r) => r.status)).to.deep.equal(['read', 'delivered', 'failed']);
    expect(rows[2]!.reason).to.equal('not on WhatsApp');
    expect(await ledgerCheck(t.db, accountId)).to.include({ reserved: 0, debited: 2 });
  });

  it('reconciles rows left "sending": proved ones become sent, the rest uncertain and refunded, none resent', async () => {
    const ctx = testCtx(t.db, clock, { RECONCILE_AFTER_MS: '60000' });
    const { accountId } = await makeAccount(t.db);
    const sid = await makeSender(t.db, accountId);
    const cid = await makeCampaign(t.db, accountId, 4);
    const b = (await claimForSender(t.db, ctx.config, clock, sid))!;
    // As if the process died after the sandbox logged the first send.
    await t.db.exec(`INSERT INTO sandbox_messages (session_id, direction, to_phone, body, wa_message_id) VALUES ($1, 'out', $2, 'x', $3)`,
      [sid, b.rows[0]!.phone, b.rows[0]!.messageId]);
    expect(await reconcileInFlight(ctx)).to.include({ proved: 0, uncertain: 0 }); // too early
    clock.advance(61_000);
    const r = await reconcileInFlight(ctx);
    expect(r.proved).to.be.at.least(1);
    expect(r.completed).to.include(cid);
    expect(await statusCounts(t.db, cid)).to.deep.equal({ sent: 1, uncertain: 3 });
    await t.db.exec('UPDATE sender_sessions SET next_send_at = $2 WHERE id = $1', [sid, clock.now()]);
    expect(await claimForSender(t.db, ctx.config, clock, sid), 'uncertain rows are never claimed again').to.equal(undefined);
    // A late receipt still tells the truth, without charging what was refunded.
    await applyReceipt(ctx, { sessionId: sid, messageId: b.rows[1]!.messageId, status: 'delivered', at: clock.now() });
    expect(await statusCounts(t.db, cid)).to.deep.equal({ sent: 1, delivered: 1, uncertain: 2 });
    expect(await ledgerCheck(t.db, accountId)).to.include({ reserved: 0, debited: 1 });
    expect(await findLedgerViolations(t.db)).to.deep.equal([]);
    clock.advance(-61_000);
  });

  it('leaves a slow send alone while the process that claimed it still holds the sender lease', async () => {
    const ctx = testCtx(t.db, clock, { RECONCILE_AFTER_MS: '60000' });
    const { accountId } = await makeAccount(t.db);
    const sid = await makeSender(t.db, accountId);
    const cid = await makeCampaign(t.db, accountId, 2);
    await t.db.exec(`UPDATE sender_sessions SET owner_id = 'proc-a', lease_until = $2 WHERE id = $1`, [sid, new Date(clock.now().getTime() + 600_000)]);
    const b = (await claimForSender(t.db, ctx.config, clock, sid, { ownerId: 'proc-a' }))!;
    expect(b.rows).to.have.length.greaterThan(0);
    clock.advance(120_000);
    expect(await reconcileInFlight(ctx), 'claimer alive: not declared uncertain').to.include({ proved: 0, uncertain: 0 });
    // The claimer dies; another process takes the lease over: now the row is reconciled.
    await t.db.exec(`UPDATE sender_sessions SET owner_id = 'proc-b' WHERE id = $1`, [sid]);
    const r = await reconcileInFlight(ctx);
    expect(r.uncertain).to.equal(b.rows.length);
    expect((await statusCounts(t.db, cid)).uncertain).to.equal(b.rows.length);
    clock.advance(-120_000);
  });
});
