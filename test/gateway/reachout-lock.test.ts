// Issue 21 (2): the reach-out timelock, through fake Baileys sockets emitting Baileys' own
// event shapes, the sandbox channel, the dispatcher and the sandbox CLI, on a real database.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { FakeClock, systemClock } from '../../src/clock.js';
import { playTimelock } from '../../src/cli/sandbox-command.js';
import type { Ctx } from '../../src/context.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import { applyReceipt } from '../../src/dispatch/receipts.js';
import { usePostgresAuthState } from '../../src/gateway/auth-store.js';
import type { Channel, ReachoutState, Receipt } from '../../src/gateway/channel.js';
import { recordContactWrote, recordReachoutState } from '../../src/gateway/reachout-lock.js';
import { SandboxChannel } from '../../src/gateway/sandbox-channel.js';
import { addSession } from '../../src/senders/index.js';
import { PINNED_WA_VERSION } from '../../src/gateway/wa-version.js';
import { WhatsAppChannel } from '../../src/gateway/whatsapp-channel.js';
import { runCli } from '../helpers/cli.js';
import { silentLog, useTestDb } from '../helpers/pg.js';
import { ledgerCheck, makeAccount, makeCampaign, makeSender, statusCounts, testCtx } from '../jobs/fixtures.js';
import { waitFor } from '../helpers/wait-for.js';
import { FakeSocketFactory, ManualScheduler } from './helpers/fake-socket.js';

const sessionsOf = (chs: Channel[]) => ({
  channel: (id: number) => chs.find((c) => c.sessionId === id),
  ownedSessionIds: () => chs.map((c) => c.sessionId),
});

describe('reach-out timelock', () => {
  const t = useTestDb();

  describe('fake Baileys socket', () => {
    let channel: WhatsAppChannel;
    let sockets: FakeSocketFactory;
    let states: ReachoutState[];
    let receipts: Receipt[];
    afterEach(async () => { await channel?.close(); });

    beforeEach(async () => {
      const sessionId = (await addSession(t.db, { transport: 'whatsapp', purpose: 'both' })).id;
      const auth = await usePostgresAuthState(t.db, sessionId, randomBytes(32));
      auth.state.creds.me = { id: '923009999999:7@s.whatsapp.net' };
      await auth.saveCreds();
      sockets = new FakeSocketFactory();
      channel = new WhatsAppChannel({ sessionId, db: t.db, log: silentLog, auth, version: async () => PINNED_WA_VERSION, makeSocket: sockets.make, scheduler: new ManualScheduler() });
      states = [];
      receipts = [];
      channel.on('reachout', (s) => states.push(s));
      channel.on('receipt', (r) => receipts.push(r));
      await channel.connect();
    });

    it('reads the lock on connect and follows WhatsApp\'s timelock notifications', async () => {
      const ends = Math.floor(Date.now() / 1000) + 3600;
      sockets.last.timelock = { is_active: true, time_enforcement_ends: String(ends), enforcement_type: 'DEFAULT' };
      sockets.last.open();
      await waitFor(() => states.length === 1, 'lock read on connect');
      expect(sockets.last.timelockFetches).to.equal(1);
      expect(states[0]).to.deep.include({ locked: true, enforcementType: 'DEFAULT' });
      expect(states[0]!.until!.getTime()).to.equal(ends * 1000);
      sockets.last.reachoutNotification({ is_active: false });
      await waitFor(() => states.length === 2, 'lifted');
      expect(states[1]).to.deep.include({ locked: false });
      sockets.last.reachoutNotification({ is_active: true, time_enforcement_ends: String(ends + 60) });
      await waitFor(() => states.length === 3, 'locked again');
      expect(states[2]!.until!.getTime()).to.equal((ends + 60) * 1000);
    });

    it('a 463 nack is a failed receipt with reason reach_out_locked, and the lock is read again', async () => {
      sockets.last.open();
      await waitFor(() => states.length === 1, 'connect read');
      sockets.last.timelock = { is_active: true, time_enforcement_ends: String(Math.floor(Date.now() / 1000) + 600) };
      sockets.last.nack('3EB0AAAA', '923001234567@s.whatsapp.net');
      await waitFor(() => receipts.length === 1 && states.length === 2, 'nack handled');
      expect(receipts[0]).to.deep.include({ messageId: '3EB0AAAA', status: 'failed', reason: 'reach_out_locked' });
      expect(states[1]!.locked).to.equal(true);
      sockets.last.nack('3EB0BBBB', '923001234567@s.whatsapp.net', '479');
      await waitFor(() => receipts.length === 2, 'other nack');
      expect(receipts[1]).to.deep.include({ status: 'failed', reason: '479' });
    });
  });

  describe('sending while locked', () => {
    const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));

    it('a locked sender sends only to contacts who wrote to it; the other numbers go through the account\'s other sender', async () => {
      const ctx = testCtx(t.db, clock);
      const { accountId } = await makeAccount(t.db);
      const locked = await makeSender(t.db, accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
      const cid = await makeCampaign(t.db, accountId, 10);
      const phones = (await t.db.query<{ phone: string }>('SELECT phone FROM outbox WHERE campaign_id = $1 ORDER BY id', [cid])).map((r) => r.phone);
      await recordContactWrote(t.db, locked, phones[3], clock.now());
      await recordContactWrote(t.db, locked, phones[7], clock.now());
      await recordReachoutState(ctx, { sessionId: locked, locked: true, until: new Date(clock.now().getTime() + 3600_000) });
      const b = await claimForSender(t.db, ctx.config, clock, locked);
      expect(b!.rows.map((r) => r.phone)).to.deep.equal([phones[3], phones[7]]);
      const other = await makeSender(t.db, accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
      const b2 = await claimForSender(t.db, ctx.config, clock, other);
      expect(b2!.rows).to.have.length(8);
      // When the lock has ended the sender takes any row again.
      await t.db.exec(`UPDATE outbox SET status = 'queued' WHERE campaign_id = $1`, [cid]);
      clock.advance(3600_001);
      await t.db.exec('UPDATE sender_sessions SET next_send_at = $2 WHERE id = $1', [locked, clock.now()]);
      expect((await claimForSender(t.db, ctx.config, clock, locked))!.rows).to.have.length(10);
    });

    it('tells the owner once per lock, in their language, with the end time; an extension is the same incident', async () => {
      const ctx = testCtx(t.db, clock);
      const { accountId, ownerPhone } = await makeAccount(t.db);
      await t.db.exec(`UPDATE accounts SET language = 'tr' WHERE id = $1`, [accountId]);
      const sid = await makeSender(t.db, accountId);
      const told: Array<[string, string]> = [];
      const notify = async (to: string, text: string) => { told.push([to, text]); };
      const until = new Date('2026-03-02T11:30:00Z');
      await recordReachoutState(ctx, { sessionId: sid, locked: true, until }, notify);
      await recordReachoutState(ctx, { sessionId: sid, locked: true, until }, notify);
      await recordReachoutState(ctx, { sessionId: sid, locked: true, until: new Date(until.getTime() + 600_000) }, notify);
      expect(told).to.have.length(1);
      expect(told[0]![0]).to.equal(ownerPhone);
      expect(told[0]![1]).to.include('yeni sohbet başlatması').and.include('16:30').and.include('Asia/Karachi');
      await recordReachoutState(ctx, { sessionId: sid, locked: false }, notify);
      await recordReachoutState(ctx, { sessionId: sid, locked: true, until: new Date(until.getTime() + 86_400_000) }, notify);
      expect(told, 'a new lock after the last one ended is told again').to.have.length(2);
    });

    it('463 answers: failed reach_out_locked, credit released, not counted as sent; three in a row pause the sender', async () => {
      const ctx: Ctx = { ...testCtx(t.db, systemClock) };
      const { accountId } = await makeAccount(t.db);
      const sid = await makeSender(t.db, accountId);
      const cid = await makeCampaign(t.db, accountId, 4);
      const ch = new SandboxChannel({ sessionId: sid, db: t.db, log: silentLog, deliveredMs: 600_000, readMs: -1, failureRate: 0 });
      await ch.connect();
      const paused: number[] = [];
      ch.on('receipt', (r) => { void applyReceipt(ctx, r).then((o) => { if (o.pausedSessionId) paused.push(o.pausedSessionId); }); });
      // The lock starts after the claim (a notification that arrives mid-batch): WhatsApp refuses each first contact.
      const batch = await claimForSender(t.db, ctx.config, ctx.clock, sid);
      const state = await ch.setTimelock(30);
      expect(state.locked).to.equal(true);
      const r = await new Dispatcher(ctx, sessionsOf([ch])).dispatch(batch!);
      expect(r.sent, 'handed to WhatsApp').to.equal(4);
      await waitFor(async () => (await statusCounts(t.db, cid)).failed === 4, 'refusals recorded');
      const rows = await t.db.query<{ reason: string; credit_state: string }>('SELECT reason, credit_state FROM outbox WHERE campaign_id = $1', [cid]);
      expect(rows.every((x) => x.reason === 'reach_out_locked' && x.credit_state === 'released')).to.equal(true);
      const l = await ledgerCheck(t.db, accountId);
      expect(l.reserved).to.equal(0);
      const net = await t.db.one<{ spent: number }>(`SELECT (-sum(available_delta))::int AS spent FROM credit_ledger WHERE account_id = $1 AND kind <> 'topup'`, [accountId]);
      expect(net!.spent, 'nothing charged in the end').to.equal(0);
      const s = await t.db.one<{ paused_reason: string; sent_today: number; reachout_strikes: number }>('SELECT paused_reason, sent_today, reachout_strikes FROM sender_sessions WHERE id = $1', [sid]);
      expect(s).to.deep.equal({ paused_reason: 'reach_out_locked', sent_today: 0, reachout_strikes: 4 });
      expect(paused, 'paused once, by the third').to.deep.equal([sid]);
      await ch.close();
    });

    it('the sandbox CLI locks a sender: the owner hears of it through the operator number and first contacts wait', async () => {
      const { accountId, ownerPhone } = await makeAccount(t.db);
      const sid = await makeSender(t.db, accountId);
      const out = runCli(['sandbox', 'timelock', '--sender', String(sid), '--minutes', '45'], { DATABASE_URL: t.url, LOG_LEVEL: 'warn' });
      expect(out.stderr).to.equal('');
      expect(out.code).to.equal(0);
      expect(out.stdout).to.match(new RegExp(`sender ${sid} is reach-out locked until \\d{4}-`));
      const row = await t.db.one<{ left: number }>(`SELECT extract(epoch FROM reachout_locked_until - now())::int AS left FROM sender_sessions WHERE id = $1`, [sid]);
      expect(row!.left).to.be.within(44 * 60, 45 * 60);
      const told = await t.db.query<{ body: string }>(`SELECT body FROM sandbox_messages WHERE direction = 'out' AND to_phone = $1`, [ownerPhone]);
      expect(told).to.have.length(1);
      expect(told[0]!.body).to.include('from starting new chats until');
      await playTimelock(testCtx(t.db, systemClock), sid, 0);
      const lifted = await t.db.one('SELECT reachout_locked_until FROM sender_sessions WHERE id = $1', [sid]);
      expect(lifted!.reachout_locked_until).to.equal(null);
      const bad = runCli(['sandbox', 'timelock', '--sender', '999999', '--minutes', '5'], { DATABASE_URL: t.url });
      expect(bad.code).to.equal(1);
      expect(bad.stderr).to.include('no sender session 999999');
    });
  });
});
