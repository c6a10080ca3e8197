// Issue 6, criterion 4: two real `wa-chatops start` processes on one database, one campaign
// on an account with two sandbox senders, one sender each; then one process is killed and
// the other takes its sender over once the lease expires, and the campaign completes.
//
// A process takes every free session it finds, so the test hands sender B to the second
// process the way a lease changes hands: B starts leased to a placeholder, and once the
// second process is up the test writes that process's owner id into B's lease.
import { expect } from 'chai';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeCampaign, makeSender } from '../jobs/fixtures.js';
import { killApp, startApp } from './app-process.js';
import { waitFor } from '../helpers/wait-for.js';
import { campaignSettled, crashReport, expectCrashSafe, figures } from './kill-loop.js';

const COUNT = 1500;
const CREDITS = 100_000;
const LEASE_MS = 2000;

describe('fault: two processes, one campaign', function () {
  this.timeout(10 * 60_000);
  const t = useTestDb();

  it('no duplicates, each sender driven by one process, and a killed process hands its sender over', async () => {
    const { accountId } = await makeAccount(t.db, { credits: CREDITS, plan: { senders_allowed: 2 } });
    const a = await makeSender(t.db, accountId);
    const b = await makeSender(t.db, accountId, { ownerId: 'held-by-the-test' }); // leased for an hour
    const campaignId = await makeCampaign(t.db, accountId, COUNT);
    // Paced so the campaign outlives the hand-over.
    const env = { SANDBOX_PACING_MS: '10,30', LEASE_MS: String(LEASE_MS), SEND_BATCH: '1' };
    const owners = (id: number) => t.db.one<{ owner_id: string | null; live: boolean }>(
      'SELECT owner_id, lease_until > now() AS live FROM sender_sessions WHERE id = $1', [id]);

    const p1 = await startApp(t.url, env);
    const p2 = await startApp(t.url, env);
    try {
      expect(p1.tookSessions()).to.include(a).and.not.include(b);
      expect(p2.tookSessions()).to.deep.equal([]); // everything is leased already
      await t.db.exec(`UPDATE sender_sessions SET owner_id = $2, lease_until = now() + interval '10 seconds' WHERE id = $1`, [b, p2.ownerId]);

      // Who holds each sender's live lease, sampled all along: never anyone unexpected.
      const seen: Array<{ a: string | null; b: string | null; at: number }> = [];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const [oa, ob] = [await owners(a), await owners(b)];
          seen.push({ a: oa!.live ? oa!.owner_id : null, b: ob!.live ? ob!.owner_id : null, at: Date.now() });
          await new Promise((r) => setTimeout(r, 100));
        }
      })();

      const sentBy = async (session: number) => (await t.db.one<{ n: number }>(
        `SELECT count(*)::int AS n FROM sandbox_messages WHERE session_id = $1 AND direction = 'out'`, [session]))!.n;
      await waitFor(async () => (await sentBy(a)) > 20 && (await sentBy(b)) > 20, 'both senders to send', 60_000, 200);
      expect(await campaignSettled(t.db, campaignId)).to.equal(false);

      const killedAt = Date.now();
      const sentByAAtKill = await sentBy(a);
      await killApp(p1, 'SIGKILL');
      await waitFor(async () => (await owners(a))!.owner_id === p2.ownerId, 'the survivor to take over sender a', 30_000, 200);
      const handOverMs = Date.now() - killedAt;
      await waitFor(async () => (await sentBy(a)) > sentByAAtKill, 'sender a to send again, from the survivor', 30_000, 200);
      await waitFor(() => campaignSettled(t.db, campaignId), 'the campaign to finish', 300_000, 200);
      sampling = false;
      await sampler;

      const beforeKill = seen.filter((s) => s.at < killedAt);
      expect(beforeKill.every((s) => s.a === p1.ownerId)).to.equal(true);
      expect(seen.every((s) => s.b === p2.ownerId || s.b === null)).to.equal(true);
      expect(seen.every((s) => s.a === null || s.a === p1.ownerId || s.a === p2.ownerId)).to.equal(true);
      expect(seen.filter((s) => s.a === p2.ownerId).every((s) => s.at >= killedAt)).to.equal(true);
      expect(p2.tookSessions()).to.include(a).and.include(b);

      await killApp(p2, 'SIGTERM');
      const r = await crashReport(t.db, campaignId, accountId);
      console.log(figures('two processes', r, { 'kills survived': 1, 'hand-over ms': handOverMs,
        'sent by a': await sentBy(a), 'sent by b': await sentBy(b), 'lease samples': seen.length }));
      await expectCrashSafe(t.db, r, COUNT, CREDITS);
    } finally {
      await killApp(p1, 'SIGKILL');
      await killApp(p2, 'SIGKILL');
    }
  });
});
