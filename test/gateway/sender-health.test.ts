// Issue 21 (7): a sender that WhatsApp logs out (a fake Baileys socket closing with 401) is
// unhealthy: the owner is told once per incident, in their language, with how to link it
// again; a sender closed past its backoff is an incident too; open again ends it.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { systemClock } from '../../src/clock.js';
import { usePostgresAuthState } from '../../src/gateway/auth-store.js';
import { PINNED_WA_VERSION } from '../../src/gateway/wa-version.js';
import { WhatsAppChannel } from '../../src/gateway/whatsapp-channel.js';
import { checkClosedSenders, followSenderStatus } from '../../src/senders/sender-health.js';
import { useTestDb } from '../helpers/pg.js';
import { waitFor } from '../helpers/wait-for.js';
import { makeAccount, makeSender, testCtx } from '../helpers/world.js';
import { FakeSocketFactory, ManualScheduler } from './helpers/fake-socket.js';

describe('senders that die quietly', () => {
  const t = useTestDb();

  it('logged out by WhatsApp: the owner is told once, with how to link it again; open again ends the incident', async () => {
    const ctx = testCtx(t.db, {}, systemClock);
    const { accountId, ownerPhone } = await makeAccount(t.db);
    const sid = await makeSender(t.db, accountId, { transport: 'whatsapp', extra: { phone: '+923001239999' } });
    const told: string[] = [];
    const tell = { notify: async (to: string, text: string) => { if (to === ownerPhone) told.push(text); } };
    const auth = await usePostgresAuthState(t.db, sid, randomBytes(32));
    auth.state.creds.me = { id: '923001239999:7@s.whatsapp.net' };
    const sockets = new FakeSocketFactory();
    const channel = new WhatsAppChannel({ sessionId: sid, db: t.db, log: ctx.log, auth, version: async () => PINNED_WA_VERSION, makeSocket: sockets.make, scheduler: new ManualScheduler() });
    const following: Promise<void>[] = [];
    channel.on('status', (s) => following.push(followSenderStatus(ctx, sid, s, tell)));
    await channel.connect();
    sockets.last.open();
    sockets.last.drop(401, 'Connection Failure');
    await waitFor(() => following.length >= 3, 'the statuses');
    await Promise.all(following);
    expect(told).to.have.length(1);
    expect(told[0]).to.include('+923001239999').and.include('logged out').and.include('link sender +923001239999');
    await followSenderStatus(ctx, sid, { state: 'needs-relink', reason: 'again' }, tell);
    expect(told, 'once per incident').to.have.length(1);
    expect(await t.db.one('SELECT unhealthy_reason FROM sender_sessions WHERE id = $1', [sid])).to.deep.equal({ unhealthy_reason: 'logged_out' });
    await followSenderStatus(ctx, sid, { state: 'open' }, tell);
    expect(await t.db.one('SELECT unhealthy_since FROM sender_sessions WHERE id = $1', [sid])).to.deep.equal({ unhealthy_since: null });
    await followSenderStatus(ctx, sid, { state: 'logged-out', reason: 'a new incident' }, tell);
    expect(told).to.have.length(2);
    await channel.close();
  });

  it('closed past its backoff: one notice; a short close is not an incident', async () => {
    const ctx = testCtx(t.db, {}, systemClock);
    const { accountId, ownerPhone } = await makeAccount(t.db, { language: 'tr' });
    const sid = await makeSender(t.db, accountId, { transport: 'whatsapp' });
    const told: string[] = [];
    const tell = { notify: async (to: string, text: string) => { if (to === ownerPhone) told.push(text); } };
    await t.db.exec(`UPDATE sender_sessions SET status = 'closed' WHERE id = $1`, [sid]);
    await followSenderStatus(ctx, sid, { state: 'closed', reason: 'Connection Terminated', retryInMs: 1000 }, tell);
    expect(await checkClosedSenders(ctx, [sid], tell)).to.equal(0);
    await t.db.exec(`UPDATE sender_sessions SET closed_since = now() - interval '7 minutes' WHERE id = $1`, [sid]);
    expect(await checkClosedSenders(ctx, [sid], tell)).to.equal(1);
    expect(await checkClosedSenders(ctx, [sid], tell)).to.equal(0);
    expect(told).to.have.length(1);
    expect(told[0]).to.include('bağlantısı birkaç dakikadır kopuk');
  });
});
