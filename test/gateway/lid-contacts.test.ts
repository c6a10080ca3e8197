// Issue 21 (3): LID-only contacts. Fake Baileys sockets deliver the same person as a PN (with
// the LID alongside, as WhatsApp does) and later by LID only, and the reverse; the real router
// on a real database must match them by phone or LID and answer to the JID as received.
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { createAccount } from '../../src/accounts.js';
import { SYSTEM } from '../../src/audit.js';
import { systemClock } from '../../src/clock.js';
import { usePostgresAuthState } from '../../src/gateway/auth-store.js';
import { PINNED_WA_VERSION } from '../../src/gateway/wa-version.js';
import { WhatsAppChannel } from '../../src/gateway/whatsapp-channel.js';
import { createRouter, type Router } from '../../src/router/router.js';
import { addSession } from '../../src/senders/index.js';
import { recordTermsAcceptance } from '../../src/terms.js';
import { useTestDb } from '../helpers/pg.js';
import { gatewayCtx } from './helpers/ctx.js';
import { waitFor } from '../helpers/wait-for.js';
import { FakeSocketFactory, ManualScheduler, type FakeSocket } from './helpers/fake-socket.js';

let seq = 0;

describe('LID-only contacts (fake Baileys sockets, real router)', () => {
  const t = useTestDb();
  let channel: WhatsAppChannel;
  let sock: FakeSocket;
  let router: Router;
  let accountId: number;
  let sessionId: number;
  let handled: Promise<void>[];

  beforeEach(async () => {
    const ctx = gatewayCtx(t.db, { COMMAND_RATE_LIMIT: '1000' }, systemClock);
    const owner = `+92300${String(7_000_000 + ++seq * 10)}`;
    const made = await createAccount(t.db, { name: `lid ${seq}`, ownerPhone: owner, credits: 10 }, SYSTEM);
    accountId = made.account.id;
    router = await createRouter(ctx, { reply: async (_sid, to, content) => { await channel.send(to, content); } });
    await recordTermsAcceptance(t.db, { accountId, memberId: made.owner.id, phone: owner });
    sessionId = (await addSession(t.db, { accountId, transport: 'whatsapp', purpose: 'both' })).id;
    const auth = await usePostgresAuthState(t.db, sessionId, randomBytes(32));
    auth.state.creds.me = { id: '923009999999:7@s.whatsapp.net' };
    await auth.saveCreds();
    const sockets = new FakeSocketFactory();
    channel = new WhatsAppChannel({ sessionId, db: t.db, log: ctx.log, auth, version: async () => PINNED_WA_VERSION, makeSocket: sockets.make, scheduler: new ManualScheduler() });
    handled = [];
    channel.on('inbound', (m) => { handled.push(router.handle(m).then(() => undefined)); });
    await channel.connect();
    sock = sockets.last;
    sock.open();
  });
  afterEach(async () => { await channel?.close(); });

  /** One upsert; resolves once the router has handled it. */
  async function deliver(id: string, text: string, key: { remoteJid: string; remoteJidAlt?: string }): Promise<void> {
    const before = handled.length;
    sock.upsert([{ key: { fromMe: false, id, ...key }, message: { conversation: text }, messageTimestamp: Math.floor(Date.now() / 1000) }]);
    await waitFor(() => handled.length > before, `message ${id} handed to the router`);
    await Promise.all(handled);
  }
  const suppressed = async (phone: string) => (await t.db.one<{ n: number }>(
    'SELECT count(*)::int AS n FROM suppressions WHERE account_id = $1 AND phone = $2', [accountId, phone]))!.n === 1;

  it('PN first, then LID only: the STOP suppresses the phone', async () => {
    const phone = '+923451110001';
    await deliver('P1', 'price?', { remoteJid: '923451110001@s.whatsapp.net', remoteJidAlt: '81110001@lid' });
    expect(await suppressed(phone)).to.equal(false);
    // Baileys' own mapping does not know this LID here: our stored pair answers.
    await deliver('L1', 'STOP', { remoteJid: '81110001@lid' });
    expect(await suppressed(phone)).to.equal(true);
  });

  it('LID only first (no mapping anywhere), then PN: the earlier "band karo" suppresses the phone once it is known', async () => {
    const phone = '+923451110002';
    await deliver('L2', 'band karo', { remoteJid: '81110002@lid' });
    expect(await t.db.one('SELECT count(*)::int AS n FROM suppressions WHERE account_id = $1', [accountId])).to.deep.equal({ n: 0 });
    await deliver('P2', 'hello', { remoteJid: '923451110002@s.whatsapp.net', remoteJidAlt: '81110002@lid' });
    expect(await suppressed(phone)).to.equal(true);
    expect(await t.db.one('SELECT count(*)::int AS n FROM pending_lid_opt_outs')).to.deep.equal({ n: 0 });
  });

  it("Baileys' own LID↔PN mapping counts too", async () => {
    sock.lidToPn.set('81110003@lid', '923451110003@s.whatsapp.net');
    await deliver('L3', 'unsubscribe', { remoteJid: '81110003@lid' });
    expect(await suppressed('+923451110003')).to.equal(true);
  });

  it("the owner's commands from a LID still run as that member, and the answer goes to the LID JID as received", async () => {
    const owner = (await t.db.one<{ phone: string }>(`SELECT phone FROM members WHERE account_id = $1 AND role = 'owner'`, [accountId]))!.phone;
    const pnJid = `${owner.slice(1)}@s.whatsapp.net`;
    await deliver('O1', 'balance', { remoteJid: pnJid, remoteJidAlt: '82220001@lid' });
    expect(sock.sent.at(-1)!.jid).to.equal(pnJid);
    expect(sock.sent.at(-1)!.content.text).to.include('Credits available: 10');
    await deliver('O2', 'balance', { remoteJid: '82220001@lid' });
    expect(sock.sent.at(-1)!.jid, 'answered to the LID').to.equal('82220001@lid');
    expect(sock.sent.at(-1)!.content.text).to.include('Credits available: 10');
  });

  it('a LID member (stored LID) is matched even when no message ever showed its phone', async () => {
    await t.db.exec(`UPDATE members SET lid = '83330001@lid' WHERE account_id = $1 AND role = 'owner'`, [accountId]);
    await deliver('O3', 'balance', { remoteJid: '83330001@lid' });
    expect(sock.sent.at(-1)!.jid).to.equal('83330001@lid');
    expect(sock.sent.at(-1)!.content.text).to.include('Credits available');
  });
});
