// Sending like a person: "typing…" before each campaign send for a time that grows with the
// text (bounded), through the fake Baileys socket; packages of sends with a longer pause between
// them, through the dispatcher on a real database; sandbox and unpaced senders keep full speed.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { FakeClock } from '../../src/clock.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import { usePostgresAuthState } from '../../src/gateway/auth-store.js';
import type { Channel, OutgoingContent } from '../../src/gateway/channel.js';
import { PINNED_WA_VERSION } from '../../src/gateway/wa-version.js';
import { WhatsAppChannel } from '../../src/gateway/whatsapp-channel.js';
import { DEFAULT_TYPING, PACKAGE_PAUSE_MS, PACKAGE_SIZE, typingMs } from '../../src/senders/human-pacing.js';
import { addSession } from '../../src/senders/index.js';
import { silentLog, useTestDb } from '../helpers/pg.js';
import { makeAccount, makeCampaign, makeSender, testCtx } from '../jobs/fixtures.js';
import { FakeSocketFactory, ManualScheduler } from './helpers/fake-socket.js';

describe('sending like a person', function () {
  this.timeout(30_000);
  const t = useTestDb();

  it('typing time grows with the text, within its bounds, and varies', () => {
    const short = typingMs('Hi', DEFAULT_TYPING, () => 0.5);
    const medium = typingMs('x'.repeat(120), DEFAULT_TYPING, () => 0.5);
    const long = typingMs('x'.repeat(4000), DEFAULT_TYPING, () => 0.5);
    expect(short).to.equal(DEFAULT_TYPING.minMs);
    expect(medium).to.be.greaterThan(short);
    expect(long).to.equal(DEFAULT_TYPING.maxMs);
    const draws = new Set([0, 0.25, 0.5, 0.75, 1].map((r) => typingMs('x'.repeat(120), DEFAULT_TYPING, () => r)));
    expect(draws.size).to.equal(5);
    expect(PACKAGE_SIZE).to.deep.equal([20, 40]);
    expect(PACKAGE_PAUSE_MS).to.deep.equal([120_000, 300_000]);
  });

  it('a WhatsApp campaign send shows "typing…" (composing, then paused) for longer before a longer text; a reply does not', async () => {
    const sessionId = (await addSession(t.db, { transport: 'whatsapp', purpose: 'both' })).id;
    const auth = await usePostgresAuthState(t.db, sessionId, randomBytes(32));
    auth.state.creds.me = { id: '923009999999:7@s.whatsapp.net', lid: '555000111:7@lid' };
    await auth.saveCreds();
    const sockets = new FakeSocketFactory();
    const channel = new WhatsAppChannel({
      sessionId, db: t.db, log: silentLog, auth, version: async () => PINNED_WA_VERSION, makeSocket: sockets.make,
      scheduler: new ManualScheduler(), random: () => 0.5, typing: { msPerChar: 2, minMs: 30, maxMs: 600, jitter: 0 },
    });
    await channel.connect();
    sockets.last.open();
    try {
      const gap = async (text: string) => {
        sockets.last.timeline = [];
        await channel.send('+923001234567', { kind: 'text', text }, { messageId: `3EB0${randomBytes(8).toString('hex').toUpperCase()}`, typing: true });
        const tl = sockets.last.timeline;
        expect(tl.map((e) => e.what)).to.deep.equal(['composing', 'paused', 'send']);
        expect(tl.every((e) => e.jid === '923001234567@s.whatsapp.net')).to.equal(true);
        return tl[1]!.at - tl[0]!.at;
      };
      const short = await gap('Hi');
      const long = await gap('Eid Mubarak! '.repeat(20));
      const huge = await gap('x'.repeat(3000));
      expect(short).to.be.within(25, 200);
      expect(long).to.be.within(short + 200, 1000); // 260 characters × 2 ms = 520 ms
      expect(huge).to.be.within(550, 1200); // capped at 600 ms
      sockets.last.timeline = [];
      await channel.send('+923001234567', { kind: 'text', text: 'Your balance: 5 credits' });
      expect(sockets.last.timeline.map((e) => e.what)).to.deep.equal(['send']);
    } finally {
      await channel.close();
    }
  });

  class CountingChannel extends EventEmitter {
    readonly transport: 'whatsapp' | 'sandbox';
    typing = 0;
    constructor(readonly sessionId: number, transport: 'whatsapp' | 'sandbox') { super(); this.transport = transport; }
    async send(_to: string, _c: OutgoingContent, opts: { messageId?: string; typing?: boolean } = {}) {
      if (opts.typing) this.typing++;
      return { messageId: opts.messageId!, at: new Date() };
    }
    async checkNumbers() { return new Map<string, boolean>(); }
  }

  async function runPackages(opts: { transport: 'whatsapp' | 'sandbox'; pacing: [number, number]; plan?: Record<string, unknown>; sends: number }) {
    const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));
    const ctx = testCtx(t.db, clock);
    const { accountId } = await makeAccount(t.db, { plan: opts.plan });
    const sid = await makeSender(t.db, accountId, { transport: opts.transport, extra: { pacing_min_ms: opts.pacing[0], pacing_max_ms: opts.pacing[1], warmup: false, daily_cap: 100000 } });
    await makeCampaign(t.db, accountId, opts.sends);
    const ch = new CountingChannel(sid, opts.transport);
    const dispatcher = new Dispatcher(ctx, { channel: () => ch as unknown as Channel, ownedSessionIds: () => [sid] }, undefined, () => 0.5);
    const gaps: number[] = [];
    for (let i = 0; i < opts.sends;) {
      await t.db.exec(`UPDATE sender_sessions SET next_send_at = $2 WHERE id = $1`, [sid, clock.now()]);
      const batch = await claimForSender(t.db, ctx.config, clock, sid);
      if (!batch) break;
      await dispatcher.dispatch(batch);
      i += batch.rows.length;
      const s = await t.db.one<{ next_send_at: Date }>('SELECT next_send_at FROM sender_sessions WHERE id = $1', [sid]);
      gaps.push(s!.next_send_at.getTime() - clock.now().getTime());
    }
    return { gaps, typing: ch.typing };
  }

  it('a paced WhatsApp sender takes a long pause after each package (plan setting), typing before every send', async () => {
    const r = await runPackages({ transport: 'whatsapp', pacing: [1000, 2000], sends: 7, plan: { package_size_min: 3, package_size_max: 3, package_pause_min_ms: 60_000, package_pause_max_ms: 60_000 } });
    expect(r.gaps).to.have.length(7);
    const long = r.gaps.map((g, i) => (g >= 60_000 ? i : -1)).filter((i) => i >= 0);
    expect(long).to.deep.equal([2, 5]); // after the 3rd and the 6th send
    expect(r.gaps.filter((g) => g < 60_000).every((g) => g >= 1000 && g <= 2000)).to.equal(true);
    expect(r.typing).to.equal(7);
  });

  it('defaults: a package of 20–40, then a 2–5 minute pause', async () => {
    const r = await runPackages({ transport: 'whatsapp', pacing: [10, 20], sends: 45 });
    const long = r.gaps.map((g, i) => (g >= 120_000 ? i : -1)).filter((i) => i >= 0);
    expect(long).to.have.length(1);
    expect(long[0]! + 1).to.be.within(20, 40);
    expect(r.gaps[long[0]!]).to.be.within(120_000 + 10, 300_000 + 20);
  });

  it('sandbox senders and unpaced senders keep full speed: no package pause', async () => {
    const sandbox = await runPackages({ transport: 'sandbox', pacing: [0, 0], sends: 50 });
    expect(Math.max(...sandbox.gaps)).to.equal(0);
    const unpaced = await runPackages({ transport: 'whatsapp', pacing: [0, 0], sends: 50 });
    expect(Math.max(...unpaced.gaps)).to.equal(0);
  });
});
