// Issue 8.2: the PostgreSQL server a running `wa-chatops start` uses is stopped in the middle
// of a campaign and started again. The process survives, reconnects, and the campaign ends
// with nobody messaged twice and every row final (rows caught in flight are reconciled).
import { expect } from 'chai';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../src/db/database.js';
import { startEmbeddedPostgres, withDatabase, type EmbeddedPg } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { silentLog } from '../helpers/pg.js';
import { makeAccount, makeCampaign, makeSender } from '../jobs/fixtures.js';
import { killApp, startApp, type AppProcess } from './app-process.js';
import { waitFor } from '../helpers/wait-for.js';
import { campaignSettled, crashReport, expectCrashSafe, figures } from './kill-loop.js';

const COUNT = 2000;
const CREDITS = 100_000;
const DOWN_MS = 8000;

describe('fault: PostgreSQL restarted mid-campaign', function () {
  this.timeout(15 * 60_000);
  const root = mkdtempSync(path.join(os.tmpdir(), 'wa-pgrestart-'));
  chmodSync(root, 0o755); // the postgres system user must enter it when tests run as root
  const port = 20000 + Math.floor(Math.random() * 20000);
  const start = () => startEmbeddedPostgres({ dataDir: root, port, log: silentLog, clusterDir: path.join(root, 'pg') });
  let server: EmbeddedPg | undefined;
  let db: Db | undefined;
  let app: AppProcess | undefined;

  after(async function () {
    this.timeout(60_000);
    if (app) await killApp(app, 'SIGKILL');
    await db?.close();
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('the process reconnects and finishes the campaign: nothing lost, nothing doubled', async () => {
    server = await start();
    const admin = await openDb({ url: server.url, poolMax: 1 });
    await admin.exec('CREATE DATABASE wa_faults');
    await admin.close();
    const url = withDatabase(server.url, 'wa_faults');
    db = await openDb({ url, poolMax: 3 });
    await migrate(db);
    const { accountId } = await makeAccount(db, { credits: CREDITS });
    await makeSender(db, accountId);
    await makeSender(db, accountId);
    const campaignId = await makeCampaign(db, accountId, COUNT);
    await db.close();
    db = undefined;

    app = await startApp(url, { SEND_BATCH: '5', SANDBOX_PACING_MS: '0,5' });
    const progress = async (q: Db) => (await q.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND status <> 'queued'`, [campaignId]))!.n;
    const probe = await openDb({ url, poolMax: 1 });
    await waitFor(async () => (await progress(probe)) >= 200, 'sending to be under way', 120_000, 200);
    const atStop = await progress(probe);
    await probe.close();

    await server.stop();
    const stoppedAt = Date.now();
    await new Promise((r) => setTimeout(r, DOWN_MS));
    expect(app.child.exitCode, 'the process died while the database was down').to.equal(null);
    server = await start();
    db = await openDb({ url, poolMax: 3 });
    const restartedAt = Date.now();
    await waitFor(async () => (await progress(db!)) > atStop + 50, 'sending to resume after the restart', 120_000, 200);
    const resumedMs = Date.now() - restartedAt;
    await waitFor(() => campaignSettled(db!, campaignId), 'the campaign to finish', 300_000, 200);
    expect(app.child.exitCode, 'the process died').to.equal(null);
    await killApp(app, 'SIGTERM');
    app = undefined;

    const r = await crashReport(db, campaignId, accountId);
    console.log(figures('PostgreSQL restart', r, { 'database down ms': restartedAt - stoppedAt, 'rows done at stop': atStop,
      'resumed after ms': resumedMs }));
    await expectCrashSafe(db, r, COUNT, CREDITS);
  });
});
