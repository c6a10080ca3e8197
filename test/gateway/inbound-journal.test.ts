// Issue 21 (4): every inbound message is written to the journal before anything acts on it,
// deduplicated by id; one left unhandled (a crash after its answer went out but before it
// was marked handled) is handled again without answering twice.
import { expect } from 'chai';
import { SandboxChannel } from '../../src/gateway/sandbox-channel.js';
import { createRouter } from '../../src/router/router.js';
import { handleRecorded, recoverInbound } from '../../src/router/handle-inbound.js';
import { ensureDefaultTerms } from '../../src/terms.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeSender, testCtx } from '../helpers/world.js';

describe('inbound journal', () => {
  const t = useTestDb();

  async function setup() {
    const ctx = testCtx(t.db, { INBOUND_RECOVER_AFTER_MS: '100', COMMAND_RATE_LIMIT: '1000' });
    await ensureDefaultTerms(t.db);
    const { accountId, ownerPhone } = await makeAccount(t.db, { credits: 3, acceptTerms: true });
    const sid = await makeSender(t.db, accountId);
    const channel = new SandboxChannel({ sessionId: sid, db: t.db, log: ctx.log, deliveredMs: 0, readMs: -1, failureRate: 0 });
    await channel.connect();
    const router = await createRouter(ctx, {
      reply: async (_s, to, content, opts) => { await channel.send(to, content, { messageId: opts?.messageId, once: true }); },
    });
    const answers = async () => (await t.db.query<{ body: string }>(
      `SELECT body FROM sandbox_messages WHERE direction = 'out' AND to_phone = $1 ORDER BY id`, [ownerPhone])).map((r) => r.body);
    return { ctx, sid, channel, router, ownerPhone, answers };
  }

  it('writes a message before it is handled and drops a redelivery of the same id', async () => {
    const { ctx, channel, router, ownerPhone, answers } = await setup();
    const msg = await channel.inject({ fromPhone: ownerPhone, text: 'balance', id: 'DUP-1' });
    expect(await t.db.one('SELECT body, handled_at FROM inbound_messages WHERE wa_message_id = $1', ['DUP-1'])).to.deep.equal({ body: 'balance', handled_at: null });
    await handleRecorded(ctx, router, msg!);
    expect(await channel.inject({ fromPhone: ownerPhone, text: 'balance', id: 'DUP-1' }), 'a redelivery').to.equal(null);
    const row = await t.db.one<{ handled_at: Date | null; outcome: string }>('SELECT handled_at, outcome FROM inbound_messages WHERE wa_message_id = $1', ['DUP-1']);
    expect(row!.handled_at).to.be.instanceOf(Date);
    expect(row!.outcome).to.equal('handled');
    expect(await answers()).to.have.length(1);
    await channel.close();
  });

  it('a message answered but not marked handled (crash) is handled again and not answered twice', async () => {
    const { ctx, sid, channel, router, ownerPhone, answers } = await setup();
    const msg = await channel.inject({ fromPhone: ownerPhone, text: 'balance', id: 'CRASH-1' });
    // The crash: the router ran and answered, the journal never heard.
    await router.handle(msg!);
    expect(await answers()).to.have.length(1);
    await new Promise((r) => setTimeout(r, 150));
    expect(await recoverInbound(ctx, router, [sid])).to.equal(1);
    expect(await answers(), 'the answer has the same id the second time').to.have.length(1);
    expect(await t.db.one('SELECT outcome, attempts FROM inbound_messages WHERE wa_message_id = $1', ['CRASH-1'])).to.deep.equal({ outcome: 'replayed', attempts: 1 });
    expect(await recoverInbound(ctx, router, [sid]), 'nothing left').to.equal(0);
    await channel.close();
  });

  it('a message never handled is handled on recovery; only sessions this process drives are recovered', async () => {
    const { ctx, sid, channel, router, ownerPhone, answers } = await setup();
    await channel.inject({ fromPhone: ownerPhone, text: 'balance', id: 'LOST-1' });
    await new Promise((r) => setTimeout(r, 150));
    expect(await recoverInbound(ctx, router, [sid + 1000]), 'another process drives it').to.equal(0);
    expect(await answers()).to.deep.equal([]);
    expect(await recoverInbound(ctx, router, [sid])).to.equal(1);
    const got = await answers();
    expect(got).to.have.length(1);
    expect(got[0]).to.include('Credits available: 3');
    await channel.close();
  });
});
