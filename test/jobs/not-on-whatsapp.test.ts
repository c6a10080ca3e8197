// Issue 21 (1): numbers not on WhatsApp are found before they cost anything.
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import { FakeClock } from '../../src/clock.js';
import type { Ctx } from '../../src/context.js';
import { reserve } from '../../src/credits.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import type { Channel, OutgoingContent } from '../../src/gateway/channel.js';
import { SandboxChannel } from '../../src/gateway/sandbox-channel.js';
import { silentLog, useTestDb } from '../helpers/pg.js';
import { ledgerCheck, makeAccount, makeSender, statusCounts, testCtx } from './fixtures.js';
import type { Db } from '../../src/db/database.js';
import { createWorld } from '../router/router-world.js';

let seq = 0;

/** A running campaign whose recipients are the given numbers, credits reserved as launch does. */
async function campaignTo(db: Db, accountId: number, phones: string[]): Promise<number> {
  seq++;
  const c = await db.one<{ id: number }>(
    `INSERT INTO campaigns (account_id, name, body, status, launched_at, recipients, credits_reserved)
     VALUES ($1, $2, 'Hi', 'running', now(), $3, $3) RETURNING id`, [accountId, `nowa ${seq}`, phones.length]);
  await db.exec(
    `INSERT INTO outbox (campaign_id, account_id, phone, body) SELECT $1, $2, p, 'Hi' FROM unnest($3::text[]) p`,
    [c!.id, accountId, phones]);
  await reserve(db, accountId, phones.length, c!.id);
  return c!.id;
}

const numbers = (prefix: string, n: number, from = 1) => Array.from({ length: n }, (_, i) => `${prefix}${String(from + i).padStart(5, '0')}`);

/** A WhatsApp-like channel: sends succeed; the number check answers as the test says and is counted. */
class CheckingChannel extends EventEmitter {
  readonly transport = 'whatsapp' as const;
  sent: string[] = [];
  checks: string[][] = [];
  constructor(readonly sessionId: number, private readonly answer: (phones: string[]) => Promise<Map<string, boolean>>) { super(); }
  async connect() {}
  async close() {}
  async send(to: string, _c: OutgoingContent, opts: { messageId?: string } = {}) {
    this.sent.push(to);
    return { messageId: opts.messageId!, at: new Date() };
  }
  async checkNumbers(phones: string[]) {
    this.checks.push(phones);
    return this.answer(phones);
  }
}

const sessionsOf = (chs: Array<{ sessionId: number }>) => ({
  channel: (id: number) => chs.find((c) => c.sessionId === id) as unknown as Channel | undefined,
  ownedSessionIds: () => chs.map((c) => c.sessionId),
});

async function drain(ctx: Ctx, d: Dispatcher, sid: number): Promise<void> {
  for (;;) {
    const b = await claimForSender(ctx.db, ctx.config, ctx.clock, sid);
    if (!b) return;
    await d.dispatch(b);
  }
}

describe('numbers not on WhatsApp', () => {
  const t = useTestDb();
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));

  it('a 1,000-recipient sandbox campaign with 100 absent numbers charges exactly 900 credits', async () => {
    const ctx = testCtx(t.db, clock, { SANDBOX_NOT_ON_WHATSAPP: '+9233399,+447700' });
    const { accountId } = await makeAccount(t.db, { credits: 5000 });
    const sid = await makeSender(t.db, accountId);
    const phones = [...numbers('+92333', 900), ...numbers('+9233399', 50), ...numbers('+447700', 50)];
    const cid = await campaignTo(t.db, accountId, phones);
    const ch = new SandboxChannel({ sessionId: sid, db: t.db, log: silentLog, deliveredMs: 600_000, readMs: -1, failureRate: 0, notOnWhatsApp: ctx.config.sandboxNotOnWhatsApp });
    await ch.connect();
    await drain(ctx, new Dispatcher(ctx, sessionsOf([ch])), sid);
    await ch.close();

    expect(await statusCounts(t.db, cid)).to.deep.equal({ sent: 900, skipped: 100 });
    const skipped = await t.db.query<{ phone: string; reason: string; credit_state: string }>(
      `SELECT phone, reason, credit_state FROM outbox WHERE campaign_id = $1 AND status = 'skipped'`, [cid]);
    expect(skipped.every((r) => r.reason === 'not_on_whatsapp' && r.credit_state === 'released')).to.equal(true);
    const sentTo = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sandbox_messages WHERE session_id = $1 AND direction = 'out'`, [sid]);
    expect(sentTo[0]!.n, 'absent numbers never reach the sandbox').to.equal(900);
    const charged = await t.db.one<{ debited: number; available: number }>(
      `SELECT coalesce(-sum(reserved_delta) FILTER (WHERE kind = 'debit'), 0)::int AS debited, sum(available_delta)::int AS available
         FROM credit_ledger WHERE account_id = $1`, [accountId]);
    expect(charged).to.deep.equal({ debited: 900, available: 4100 });
    expect(await ledgerCheck(t.db, accountId)).to.include({ reserved: 0, inFlight: 0 });
    const c = await t.db.one<{ status: string }>('SELECT status FROM campaigns WHERE id = $1', [cid]);
    expect(c!.status).to.equal('completed');
  });

  it('keeps verdicts 30 days for every account, as a keyed hash only, and asks WhatsApp again after that', async () => {
    const ctx = testCtx(t.db, clock);
    const a = await makeAccount(t.db);
    const b = await makeAccount(t.db);
    const sa = await makeSender(t.db, a.accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
    const sb = await makeSender(t.db, b.accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
    const absent = '+923451230001';
    const present = '+923451230002';
    const answer = async (ps: string[]) => new Map(ps.map((p) => [p, p !== absent]));
    const cha = new CheckingChannel(sa, answer);
    const chb = new CheckingChannel(sb, answer);
    const d = new Dispatcher(ctx, sessionsOf([cha, chb]));
    await campaignTo(t.db, a.accountId, [absent, present]);
    await drain(ctx, d, sa);
    expect(cha.sent).to.deep.equal([present]);
    const cached = await t.db.query<{ phone_hash: string }>('SELECT phone_hash FROM number_checks');
    expect(cached.every((r) => r.phone_hash.startsWith('anon:') && !r.phone_hash.includes('92345'))).to.equal(true);

    const cb = await campaignTo(t.db, b.accountId, [absent, present]);
    await drain(ctx, d, sb);
    expect(chb.checks, 'the other account uses the cached verdicts').to.deep.equal([]);
    expect(chb.sent).to.deep.equal([present]);
    expect(await statusCounts(t.db, cb)).to.deep.equal({ sent: 1, skipped: 1 });

    clock.advance(31 * 86_400_000);
    await campaignTo(t.db, b.accountId, [absent]);
    await t.db.exec('UPDATE sender_sessions SET next_send_at = $2 WHERE id = $1', [sb, clock.now()]);
    await drain(ctx, d, sb);
    expect(chb.checks, 'a verdict older than 30 days is asked again').to.deep.equal([[absent]]);
  });

  it('a check that times out or comes back empty is "unknown": those numbers are sent normally', async () => {
    const ctx = testCtx(t.db, clock, { NUMBER_CHECK_TIMEOUT_MS: '50' });
    const { accountId } = await makeAccount(t.db);
    const s1 = await makeSender(t.db, accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
    const hang = new CheckingChannel(s1, () => new Promise(() => undefined));
    const cid = await campaignTo(t.db, accountId, numbers('+92321', 3));
    await drain(ctx, new Dispatcher(ctx, sessionsOf([hang])), s1);
    expect(await statusCounts(t.db, cid)).to.deep.equal({ sent: 3 });

    const s2 = await makeSender(t.db, accountId, { extra: { pacing_min_ms: 0, pacing_max_ms: 0 } });
    await t.db.exec(`UPDATE sender_sessions SET status = 'closed' WHERE id = $1`, [s1]);
    const empty = new CheckingChannel(s2, async () => new Map());
    const cid2 = await campaignTo(t.db, accountId, numbers('+92322', 3));
    const before = await t.db.one('SELECT count(*)::int AS n FROM number_checks');
    await drain(ctx, new Dispatcher(ctx, sessionsOf([empty])), s2);
    expect(empty.checks).to.have.length(1);
    expect(await statusCounts(t.db, cid2)).to.deep.equal({ sent: 3 });
    expect(await t.db.one('SELECT count(*)::int AS n FROM number_checks'), 'unknown is not cached').to.deep.equal(before);
  });

  it("a paced WhatsApp sender checks in batches at the plan's pace (300 an hour), ahead of its sends, and skips absent rows at once", async () => {
    const ctx = testCtx(t.db, clock);
    // Package pauses off (issue 14): this test measures the check pace against the send pace alone.
    const { accountId } = await makeAccount(t.db, { plan: { number_checks_per_hour: 300, package_pause_min_ms: 0, package_pause_max_ms: 0 } });
    const sid = await makeSender(t.db, accountId, { transport: 'whatsapp', extra: { warmup: false, pacing_min_ms: 8000, pacing_max_ms: 30000 } });
    // Every tenth number is not on WhatsApp.
    const phones = numbers('+92355', 1000);
    const isAbsent = (p: string) => p.endsWith('0');
    const ch = new CheckingChannel(sid, async (ps) => new Map(ps.map((p) => [p, !isAbsent(p)])));
    const cid = await campaignTo(t.db, accountId, phones);
    const d = new Dispatcher(ctx, sessionsOf([ch]), undefined, () => 0.5);
    const start = clock.now().getTime();
    let first = true;
    while (clock.now().getTime() - start < 3_600_000) {
      const b = await claimForSender(t.db, ctx.config, clock, sid);
      expect(b, 'due after its delay').to.not.equal(undefined);
      await d.dispatch(b!);
      if (first) {
        // The first check covered the claimed row and the 49 after it; their absent rows went at once.
        expect(ch.checks[0]).to.have.length(50);
        expect((await statusCounts(t.db, cid)).skipped).to.equal(5);
        first = false;
      }
      const next = await t.db.one<{ next_send_at: Date }>('SELECT next_send_at FROM sender_sessions WHERE id = $1', [sid]);
      clock.set(next!.next_send_at);
    }
    const checked = ch.checks.flat();
    expect(checked, 'checks in the first hour').to.have.length(300);
    expect(new Set(checked).size, 'no number asked twice').to.equal(300);
    expect(ch.sent.filter((p) => !checked.includes(p)), 'every send was checked first').to.deep.equal([]);
    expect(ch.sent.filter(isAbsent), 'no absent number is sent').to.deep.equal([]);
    const released = await t.db.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND reason = 'not_on_whatsapp' AND credit_state = 'released'`, [cid]);
    expect(released!.n).to.equal(30);
  });

  it('status shows them as their own count, and "status NAME details" lists them in the not-sent file', async () => {
    const w = await createWorld(t.db, { SANDBOX_NOT_ON_WHATSAPP: '+92366', SANDBOX_PACING_MS: '0' });
    const owner = await w.newAccount({ credits: 100 });
    const sid = await makeSender(t.db, owner.accountId);
    const cid = await campaignTo(t.db, owner.accountId, [...numbers('+92377', 4), ...numbers('+92366', 2)]);
    const name = (await t.db.one<{ name: string }>('SELECT name FROM campaigns WHERE id = $1', [cid]))!.name;
    const ch = new SandboxChannel({ sessionId: sid, db: t.db, log: silentLog, deliveredMs: 600_000, readMs: -1, failureRate: 0, notOnWhatsApp: w.ctx.config.sandboxNotOnWhatsApp });
    await ch.connect();
    await drain(w.ctx, new Dispatcher(w.ctx, sessionsOf([ch])), sid);
    await ch.close();
    const plain = (await w.send(owner.phone, `status ${name}`)).join('\n');
    expect(plain).to.include('Sent: 4').and.include('Not on WhatsApp (not charged): 2').and.include('Skipped (other): 0');
    expect(w.lastFiles).to.deep.equal([]);
    const detailed = (await w.send(owner.phone, `status ${name} details`)).join('\n');
    expect(detailed).to.include('Not on WhatsApp (not charged): 2');
    expect(w.lastFiles).to.have.length(1);
    expect(w.lastFiles[0]!.data!.toString('utf8')).to.equal('phone,status,reason\n+9236600001,skipped,not_on_whatsapp\n+9236600002,skipped,not_on_whatsapp\n');
    // A short, mixed message is answered in the member's last language (issue 12): make it Urdu.
    await t.db.exec("UPDATE members SET language = 'ur' WHERE phone = $1", [owner.phone]);
    expect((await w.send(owner.phone, `${name} ka status`)).join('\n')).to.include('WhatsApp par nahi (koi charge nahi): 2');
    await w.send(owner.phone, `status ${name} tafseel`);
    expect(w.lastFiles, 'the Urdu word for details').to.have.length(1);
  });
});
