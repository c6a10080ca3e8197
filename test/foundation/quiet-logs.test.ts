// The log of a running product is one line per meaningful event: over 60 s of a campaign
// sending (sandbox, a message every 0.2–0.4 s) nothing at info or above repeats every few
// seconds — the scheduler used to warn `Job "send-campaigns" is already running` every tick.
import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../src/db/database.js';
import { startCli } from '../helpers/cli.js';
import { createTestDatabase } from '../helpers/pg.js';
import { makeAccount, makeCampaign, makeSender, statusCounts } from '../jobs/fixtures.js';

const WINDOW_MS = Number(process.env.QUIET_TEST_MS ?? 60_000);

describe('quiet logs', function () {
  this.timeout(WINDOW_MS + 60_000);
  let url: string;
  let drop: () => Promise<void>;
  let db: Db;
  before(async () => {
    ({ url, drop } = await createTestDatabase());
    db = await openDb({ url, poolMax: 2 });
  });
  after(async () => { await db.close(); await drop(); });

  it('60 s of a running campaign: every info+ line is an event, none repeats every few seconds', async () => {
    const { accountId } = await makeAccount(db);
    await makeSender(db, accountId);
    const campaignId = await makeCampaign(db, accountId, 1000);
    const app = await startCli({ DATABASE_URL: url, DATA_DIR: path.join(os.tmpdir(), 'wa-quiet-unused'), WA_TRANSPORT: 'sandbox', SANDBOX_PACING_MS: '200,400', SEND_TICK_MS: '2000', LOG_LEVEL: process.env.QUIET_TEST_LEVEL ?? 'info' });
    try {
      const from = app.logs().length;
      await new Promise((r) => setTimeout(r, WINDOW_MS));
      const c = await statusCounts(db, campaignId);
      const sent = (c.sent ?? 0) + (c.delivered ?? 0) + (c.read ?? 0);
      const lines = app.logs().slice(from).split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; msg: string });
      const loud = lines.filter((l) => l.level >= 30);
      const counts = new Map<string, number>();
      for (const l of loud) counts.set(l.msg, (counts.get(l.msg) ?? 0) + 1);
      // The campaign did send throughout the window (so a per-batch or per-tick line would show).
      if (process.env.QUIET_TEST_LEVEL) console.log(app.logs());
      expect(sent, 'messages sent in the window').to.be.greaterThan(WINDOW_MS / 1000);
      expect([...counts].filter(([, n]) => n > 2), `repeated lines:\n${loud.map((l) => l.msg).join('\n')}`).to.deep.equal([]);
      expect(loud.length, loud.map((l) => l.msg).join('\n')).to.be.at.most(10);
      expect(app.logs()).not.to.include('already running');
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
    }
  });

  it('LOG_FILE keeps a copy of the log in files rotated at LOG_FILE_SIZE, numbered', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wa-logfile-'));
    try {
      let app!: Awaited<ReturnType<typeof startCli>>;
      // Two runs: one start's few lines are under the smallest size, 1k; the second continues the files.
      for (let i = 0; i < 2; i++) {
        app = await startCli({ DATABASE_URL: url, DATA_DIR: path.join(dir, 'data'), SCHEDULER: 'off', LOG_FILE: path.join(dir, 'logs', 'wa-chatops.log'), LOG_FILE_SIZE: '1k' });
        app.child.kill('SIGTERM');
        expect(await app.exited).to.equal(0);
      }
      const files = readdirSync(path.join(dir, 'logs')).sort();
      const rotated = files.filter((f) => /^wa-chatops\.\d+\.log$/.test(f));
      expect(rotated.length, files.join(' ')).to.be.greaterThan(1);
      const lines = rotated.flatMap((f) => readFileSync(path.join(dir, 'logs', f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).msg as string));
      expect(lines).to.include('stopped');
      expect(lines.some((m) => m.startsWith('wa-chatops ready'))).to.equal(true);
      // The terminal still gets every line.
      expect(app.logs()).to.include('"msg":"stopped"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
