// The start/stop life cycle of `wa-chatops start` as an operator lives it: zero-config
// first start, reuse of data, clean SIGTERM, recovery after SIGKILL, DATABASE_URL.
import { expect } from 'chai';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killStartedProcesses, postgresProcessesFor, runCli, startCli } from '../helpers/cli.js';
import { createTestDatabase } from '../helpers/pg.js';

const isRoot = process.getuid?.() === 0;

async function healthz(port: number): Promise<{ status: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return res.json() as Promise<{ status: string }>;
}

async function waitUntil(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return cond();
}

describe('start/stop life cycle', function () {
  this.timeout(180_000);
  let root: string;
  let dataDir: string;
  let env: Record<string, string>;

  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'wa-life-'));
    chmodSync(root, 0o755);
    dataDir = path.join(root, 'data');
    env = { DATA_DIR: dataDir, PG_PORT: String(30000 + Math.floor(Math.random() * 20000)), SCHEDULER: 'off' };
  });
  afterEach(() => killStartedProcesses());
  after(() => {
    for (const pid of postgresProcessesFor(path.join(dataDir, 'pg'))) process.kill(pid, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('starts with no configuration, serves /healthz, and SIGTERM stops it leaving no postgres behind', async () => {
    const app = await startCli(env);
    const health = await healthz(app.port);
    expect(health).to.deep.equal({ status: 'up' }); // nothing more without a login
    expect(app.logs()).to.match(/first-run setup: .*setup token: [\w-]{24}/);
    expect(existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).to.equal(true);
    app.child.kill('SIGTERM');
    expect(await app.exited).to.equal(0);
    expect(postgresProcessesFor(path.join(dataDir, 'pg'))).to.deep.equal([]);
  });

  it('a second start reuses the data (and CLI commands share the running server)', async () => {
    const created = runCli(['account', 'create', '--name', 'Reuse Co', '--owner', '+923001112233', '--credits', '2500'], env);
    expect(created.code, created.stderr).to.equal(0);
    const app = await startCli(env);
    // While `start` runs, a CLI command uses its server instead of fighting over the cluster.
    const listed = runCli(['account', 'list', '--json'], env);
    expect(listed.code, listed.stderr).to.equal(0);
    const rows = JSON.parse(listed.stdout) as Array<{ name: string; available: number }>;
    expect(rows.map((r) => [r.name, r.available])).to.deep.equal([['Reuse Co', 2500]]);
    expect((await healthz(app.port)).status).to.equal('up');
    app.child.kill('SIGINT');
    expect(await app.exited).to.equal(0);
    expect(postgresProcessesFor(path.join(dataDir, 'pg'))).to.deep.equal([]);
  });

  it('recovers by itself after a SIGKILL left an orphan postgres and a postmaster.pid', async () => {
    const app = await startCli(env);
    app.child.kill('SIGKILL');
    await app.exited;
    // The server outlives its killed parent: exactly the case the next start must handle.
    expect(postgresProcessesFor(path.join(dataDir, 'pg')).length).to.be.greaterThan(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).to.equal(true);

    const again = await startCli(env);
    expect((await healthz(again.port)).status).to.equal('up');
    const listed = runCli(['account', 'list', '--json'], env);
    expect(JSON.parse(listed.stdout).map((r: { name: string }) => r.name)).to.deep.equal(['Reuse Co']);
    again.child.kill('SIGTERM');
    expect(await again.exited).to.equal(0);
    expect(await waitUntil(() => postgresProcessesFor(path.join(dataDir, 'pg')).length === 0, 10_000)).to.equal(true);
  });

  it('recovers from a stale postmaster.pid whose server is gone', async () => {
    const app = await startCli(env);
    app.child.kill('SIGKILL');
    await app.exited;
    for (const pid of postgresProcessesFor(path.join(dataDir, 'pg'))) process.kill(pid, 'SIGKILL');
    await waitUntil(() => postgresProcessesFor(path.join(dataDir, 'pg')).length === 0, 10_000);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).to.equal(true);
    const again = await startCli(env);
    expect((await healthz(again.port)).status).to.equal('up');
    again.child.kill('SIGTERM');
    expect(await again.exited).to.equal(0);
  });

  it('still stops on SIGTERM when its database server died under it', async () => {
    const app = await startCli(env);
    for (const pid of postgresProcessesFor(path.join(dataDir, 'pg'))) process.kill(pid, 'SIGKILL');
    await waitUntil(() => postgresProcessesFor(path.join(dataDir, 'pg')).length === 0, 10_000);
    const health = await fetch(`http://127.0.0.1:${app.port}/healthz`);
    expect(health.status).to.equal(503);
    expect(((await health.json()) as { status: string }).status).to.equal('down');
    app.child.kill('SIGTERM');
    expect(await app.exited).to.equal(0);
  });

  it('with DATABASE_URL it uses that server and starts no embedded one', async () => {
    const { url, drop } = await createTestDatabase();
    const other = path.join(root, 'unused');
    try {
      const encryptionKey = 'ab'.repeat(32);
      const app = await startCli({ DATA_DIR: other, DATABASE_URL: url, SCHEDULER: 'off', ENCRYPTION_KEY: encryptionKey, LOG_LEVEL: 'debug' });
      expect((await healthz(app.port)).status).to.equal('up');
      expect(existsSync(path.join(other, 'pg'))).to.equal(false);
      // Secrets never reach the log: not the database password, not the encryption key.
      const password = decodeURIComponent(new URL(url).password);
      expect(app.logs()).to.include('using DATABASE_URL').and.not.include(password).and.not.include(encryptionKey);
      app.child.kill('SIGTERM');
      expect(await app.exited).to.equal(0);
    } finally {
      await drop();
    }
  });

  (isRoot ? it : it.skip)('as root, a DATA_DIR under a root-only folder is placed where postgres can reach it, and says where', async () => {
    const locked = mkdtempSync(path.join(os.tmpdir(), 'wa-rootonly-')); // mode 0700, owned by root
    const lockedData = path.join(locked, 'data');
    mkdirSync(lockedData);
    const port = String(30000 + Math.floor(Math.random() * 20000));
    try {
      const app = await startCli({ DATA_DIR: lockedData, PG_PORT: port, SCHEDULER: 'off' });
      expect((await healthz(app.port)).status).to.equal('up');
      const line = app.logs().split('\n').find((l) => l.includes('cannot enter'));
      expect(line, app.logs()).to.be.a('string');
      const where = /lives in (\S+) instead/.exec(JSON.parse(line!).msg)![1]!;
      expect(existsSync(path.join(where, 'PG_VERSION'))).to.equal(true);
      app.child.kill('SIGTERM');
      expect(await app.exited).to.equal(0);
      rmSync(where, { recursive: true, force: true });
      rmSync(`${where}.password`, { force: true });
    } finally {
      rmSync(locked, { recursive: true, force: true });
    }
  });

  it('a bad variable stops start with one line naming it', () => {
    const r = runCli(['start'], { ...env, PORT: 'eighty' });
    expect(r.code).to.equal(1);
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.match(/^wa-chatops: configuration error: PORT: expected a whole number/);
    expect(readFileSync(path.join(root, '..', path.basename(root), 'data', 'pg', 'PG_VERSION'), 'utf8')).to.match(/^\d+/);
  });
});
