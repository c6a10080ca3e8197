// Issue 13 item 1: one state machine for a sender, written from any process, and one set of
// pacing inputs for the claim, the launch estimate, the console and the chat.
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import type { Express } from 'express';
import { healthySenders } from '../../src/campaigns/pacing.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import type { Channel, OutgoingContent } from '../../src/gateway/channel.js';
import { consoleApp, consoleCtx, makeUser, signIn, submit, type Agent } from '../console/helpers.js';
import { useTestDb } from '../helpers/pg.js';
import { makeCampaign, makeSender } from '../jobs/fixtures.js';
import { createWorld, type World } from '../router/router-world.js';

/** A sender whose every send fails the way a dropped socket does. */
class FailingChannel extends EventEmitter {
  readonly transport = 'whatsapp' as const;
  constructor(readonly sessionId: number) { super(); }
  async connect() {}
  async close() {}
  async send(_to: string, _c: OutgoingContent): Promise<never> { throw new Error('socket closed'); }
}

const ENV = { AUTO_PAUSE_ERRORS: '2', SEND_BATCH: '10', WARMUP_LADDER: '3,5,7,9', SENDER_DAILY_CAP: '1000', SANDBOX_PACING_MS: '0' };

describe('senders: one state machine and one set of pacing inputs', () => {
  const t = useTestDb();
  let w: World;
  let app: Express;
  let admin: Agent;

  before(async function () {
    this.timeout(120_000);
    w = await createWorld(t.db, ENV);
    app = consoleApp(consoleCtx(t.db, { clock: w.clock, env: ENV }));
    await makeUser(t.db, 'senders-admin@example.com', 'admin');
    admin = await signIn(app, 'senders-admin@example.com');
  });

  async function autoPause(sessionId: number, told: string[]): Promise<void> {
    await t.db.exec('UPDATE sender_sessions SET next_send_at = $2 WHERE id = $1', [sessionId, w.clock.now()]);
    const batch = await claimForSender(t.db, w.ctx.config, w.clock, sessionId);
    expect(batch, 'the sender can claim before it is paused').to.not.equal(undefined);
    const sessions = { channel: () => new FailingChannel(sessionId) as unknown as Channel, ownedSessionIds: () => [sessionId] };
    const r = await new Dispatcher(w.ctx, sessions, async (_to, text) => { told.push(text); }).dispatch(batch!);
    expect(r.paused).to.match(/2 send errors in a row/);
  }

  it('an auto-paused sender is resumed by its owner by chat, and by an admin in the console', async () => {
    const owner = await w.newAccount({ credits: 1000 });
    await makeSender(t.db, owner.accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0, label: 'shop phone' } });
    const sid = await makeSender(t.db, owner.accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
    await makeCampaign(t.db, owner.accountId, 50);
    const told: string[] = [];
    await autoPause(sid, told);
    expect(told.join('\n'), 'the notice names the command that undoes it').to.include('send *resume sender 2*');

    const list = (await w.send(owner.phone, 'senders')).join('\n');
    expect(list).to.match(/1\. \(no number yet\) "shop phone": sending · today 0 of no cap/);
    expect(list).to.match(/2\. .*paused: 2 send errors in a row \(last: socket closed\)/);
    expect(await claimForSender(t.db, w.ctx.config, w.clock, sid), 'paused: nothing claimed').to.equal(undefined);

    expect((await w.send(owner.phone, 'resume sender 2')).join('\n')).to.include('Sender 2 resumed');
    expect((await w.send(owner.phone, 'resume sender 2')).join('\n')).to.include('Sender 2 is not paused.');
    expect((await w.send(owner.phone, 'resume sender 7')).join('\n')).to.include('There is no sender 7.');
    expect(await claimForSender(t.db, w.ctx.config, w.clock, sid), 'sends again').to.not.equal(undefined);

    await autoPause(sid, told);
    // The console here drives no socket (no session manager): the state is in the database.
    const res = await submit(admin, `/senders/${sid}`, `/senders/${sid}/resume`, {});
    expect(res.status).to.equal(303);
    const row = await t.db.one('SELECT status, paused_reason, consecutive_errors FROM sender_sessions WHERE id = $1', [sid]);
    expect(row).to.deep.equal({ status: 'open', paused_reason: null, consecutive_errors: 0 });
    const audit = await t.db.query<{ action: string; actor_type: string }>(
      `SELECT action, actor_type FROM audit_log WHERE details->>'sessionId' = $1 ORDER BY id`, [String(sid)]);
    expect(audit.map((a) => `${a.action}:${a.actor_type}`)).to.deep.equal([
      'sender.auto_pause:system', 'session.resume:member', 'sender.auto_pause:system', 'session.resume:admin',
    ]);
  });

  it('pause sender N by chat, in Turkish and Roman Urdu too; another account\'s sender is out of reach', async () => {
    const owner = await w.newAccount({ credits: 100 });
    const sid = await makeSender(t.db, owner.accountId);
    expect((await w.send(owner.phone, 'pause sender 1')).join('\n')).to.include('Sender 1 paused');
    expect((await w.send(owner.phone, 'pause sender 1')).join('\n')).to.include('Sender 1 is paused already');
    expect((await t.db.one('SELECT paused_reason FROM sender_sessions WHERE id = $1', [sid]))!.paused_reason).to.include(owner.phone);
    expect((await w.send(owner.phone, 'göndericiyi sürdür 1')).join('\n')).to.include('Gönderici 1 sürdürüldü');
    expect((await w.send(owner.phone, 'sender 1 roko')).join('\n')).to.include('Sender 1 rok diya gaya');
    const stranger = await w.newAccount();
    expect((await w.send(stranger.phone, 'resume sender 1')).join('\n')).to.include('no sender');
    expect((await t.db.one('SELECT paused_reason FROM sender_sessions WHERE id = $1', [sid]))!.paused_reason).to.not.equal(null);
  });

  it("the estimate, the console, the chat and the claim agree on the day at 23:59 and 00:01 in the account's zone", async () => {
    const owner = await w.newAccount({ credits: 1000 });
    const accountId = owner.accountId;
    // Asia/Karachi (UTC+5). Linked on 1 March at 10:00 local; 2 sent already on 2 March.
    const linked = await makeSender(t.db, accountId, { transport: 'whatsapp', extra: {
      pacing_min_ms: 0, pacing_max_ms: 0, linked_at: new Date('2026-03-01T05:00:00Z'), sent_today: 2, sent_today_date: '2026-03-02',
    } });
    // Open but never linked (as a row written by hand would be): counts as linked today.
    const never = await makeSender(t.db, accountId, { transport: 'whatsapp', extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
    await makeCampaign(t.db, accountId, 40);

    const look = async () => {
      const estimate = new Map((await healthySenders(t.db, w.ctx.config, accountId, w.clock.now())).map((s) => [s.id, s]));
      const state = async (id: number) => (await admin.get(`/senders/${id}/state.json`)).body as { sentToday: number; capToday: number; warmupStep: string };
      const chat = (await w.send(owner.phone, 'senders')).join('\n');
      return { estimate, console: { linked: await state(linked), never: await state(never) }, chat };
    };
    const claimed = async (id: number) => {
      await t.db.exec('UPDATE sender_sessions SET next_send_at = $2 WHERE id = $1', [id, w.clock.now()]);
      return (await claimForSender(t.db, w.ctx.config, w.clock, id))?.rows.length ?? 0;
    };

    w.clock.set('2026-03-02T18:59:00Z'); // 23:59 on 2 March in Karachi: day 2 of the ladder (5 a day)
    let v = await look();
    expect(v.estimate.get(linked)).to.include({ dailyLimit: 5, sentToday: 2 });
    expect(v.console.linked).to.include({ sentToday: 2, capToday: 5, warmupStep: 'day 2 of 4 (5 a day)' });
    expect(v.chat).to.match(/1\. .*today 2 of 5 · warm-up day 2 of 4/);
    expect(v.estimate.get(never)).to.include({ dailyLimit: 3, sentToday: 0 });
    expect(v.console.never).to.include({ sentToday: 0, capToday: 3, warmupStep: 'day 1 of 4 (3 a day)' });
    expect(v.chat).to.match(/2\. .*today 0 of 3 · warm-up day 1 of 4/);
    expect(await claimed(linked), 'what is left of today\'s 5').to.equal(3);
    expect(await claimed(never)).to.equal(3);

    w.clock.set('2026-03-02T19:01:00Z'); // 00:01 on 3 March in Karachi: a new day, day 3 (7 a day)
    v = await look();
    expect(v.estimate.get(linked)).to.include({ dailyLimit: 7, sentToday: 0 });
    expect(v.console.linked).to.include({ sentToday: 0, capToday: 7, warmupStep: 'day 3 of 4 (7 a day)' });
    expect(v.chat).to.match(/1\. .*today 0 of 7 · warm-up day 3 of 4/);
    expect(v.estimate.get(never)).to.include({ dailyLimit: 3, sentToday: 0 });
    expect(v.console.never).to.include({ sentToday: 0, capToday: 3 });
    expect(await claimed(linked)).to.equal(7);
    expect(await claimed(never), 'never linked: still its first step').to.equal(3);
    w.clock.set('2026-03-02T09:00:00Z');
  });
});
