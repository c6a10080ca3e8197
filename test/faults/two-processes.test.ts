// Issue 6, criterion 4: two processes on one database, one campaign, different senders;
// then one is killed and the other takes over its senders once the lease expires.
import { expect } from 'chai';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeCampaign, makeSender } from '../jobs/fixtures.js';
import { campaignSettled, crashReport, kill, startWorkerProcess, waitFor } from './kill-loop.js';

describe('fault: two processes, one campaign', function () {
  this.timeout(5 * 60_000);
  const t = useTestDb();

  it('no duplicates, each sender driven by one process, and a killed process hands its senders over', async () => {
    const { accountId } = await makeAccount(t.db);
    const [a, b] = [await makeSender(t.db, accountId), await makeSender(t.db, accountId)];
    await t.db.exec('UPDATE sender_sessions SET lease_until = NULL WHERE id = ANY($1::int[])', [[a, b]]);
    // Paced so the campaign outlives the hand-over: 5–15 ms a message per sender.
    const env = { SANDBOX_PACING_MS: '5,15', SEND_TICK_MS: '50' };
    const campaignId = await makeCampaign(t.db, accountId, 1500);
    const p1 = await startWorkerProcess(t.url, [a, b].slice(0, 1), env);
    const p2 = await startWorkerProcess(t.url, [a, b], env); // wants both, gets only b while p1 holds a
    await waitFor(async () => (await t.db.one<{ n: number }>(
      `SELECT count(DISTINCT sender_session_id)::int AS n FROM outbox WHERE campaign_id = $1 AND status <> 'queued'`, [campaignId]))!.n === 2,
      30_000, 'both senders to send');
    const owners = await t.db.query<{ owner_id: string }>('SELECT owner_id FROM sender_sessions WHERE id = ANY($1::int[]) ORDER BY id', [[a, b]]);
    expect(owners[0]!.owner_id).to.not.equal(owners[1]!.owner_id);
    await kill(p1, 'SIGKILL');
    await waitFor(async () => (await t.db.one<{ n: number }>(
      'SELECT count(DISTINCT owner_id)::int AS n FROM sender_sessions WHERE id = ANY($1::int[]) AND lease_until > now()', [[a, b]]))!.n === 1,
      30_000, 'the survivor to take over sender a');
    await waitFor(() => campaignSettled(t.db, campaignId), 180_000, 'the campaign to finish');
    await kill(p2, 'SIGTERM');
    const r = await crashReport(t.db, campaignId, accountId);
    expect(r).to.include({ rows: 1500, doubled: 0, notFinal: 0, sentWithoutProof: 0, ledgerReserved: 0 });
    expect(r.delivered + r.uncertain).to.equal(1500);
  });
});
