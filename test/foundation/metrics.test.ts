// GET /metrics: Prometheus text with the outbox, senders, jobs and process figures; served
// to loopback clients when METRICS_TOKEN is unset, and only with the bearer token when set.
import { expect } from 'chai';
import os from 'node:os';
import path from 'node:path';
import { openDb, type Db } from '../../src/db/database.js';
import { startCli } from '../helpers/cli.js';
import { createTestDatabase } from '../helpers/pg.js';
import { makeAccount, makeCampaign, makeSender } from '../jobs/fixtures.js';

describe('/metrics', function () {
  this.timeout(90_000);
  let url: string;
  let drop: () => Promise<void>;
  let db: Db;
  before(async () => {
    ({ url, drop } = await createTestDatabase());
    db = await openDb({ url, poolMax: 2 });
    const { accountId } = await makeAccount(db);
    await makeSender(db, accountId, { extra: { paused_reason: 'owner paused it' } });
    await makeCampaign(db, accountId, 25);
  });
  after(async () => { await db.close(); await drop(); });
  const unused = path.join(os.tmpdir(), 'wa-metrics-unused');

  it('answers a local scraper with outbox, sender, job and process metrics', async () => {
    const app = await startCli({ DATA_DIR: unused, DATABASE_URL: url });
    try {
      const res = await fetch(`http://127.0.0.1:${app.port}/metrics`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/plain; version=0\.0\.4/);
      const body = await res.text();
      expect(body).to.include('wa_chatops_messages{channel="none",status="queued"} 25');
      expect(body).to.include('wa_chatops_outbox_depth{state="queued"} 25');
      expect(body).to.match(/wa_chatops_senders\{state="open",paused="yes"\} 1/);
      expect(body).to.match(/wa_chatops_sender_sent_today\{sender="\d+",transport="sandbox"\} 0/);
      expect(body).to.include('# TYPE wa_chatops_command_seconds histogram');
      expect(body).to.match(/wa_chatops_job_runs_total\{job="send-campaigns"\} \d+/);
      expect(body).to.match(/wa_chatops_process_cpu_seconds_total \d/);
      // Not behind the console's login: no redirect, no cookie.
      expect(res.headers.get('set-cookie')).to.equal(null);
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
    }
  });

  it('with METRICS_TOKEN, refuses a scrape without the token and answers one with it', async () => {
    const app = await startCli({ DATA_DIR: unused, DATABASE_URL: url, SCHEDULER: 'off', METRICS_TOKEN: 'scrape-secret-123' });
    try {
      const m = `http://127.0.0.1:${app.port}/metrics`;
      expect((await fetch(m)).status).to.equal(401);
      expect((await fetch(m, { headers: { authorization: 'Bearer wrong-secret-123' } })).status).to.equal(401);
      const ok = await fetch(m, { headers: { authorization: 'Bearer scrape-secret-123' } });
      expect(ok.status).to.equal(200);
      expect(await ok.text()).to.include('wa_chatops_outbox_depth');
      expect(app.logs()).not.to.include('scrape-secret-123');
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
    }
  });
});
