// SIGTERM or SIGINT to whichever process an operator or supervisor started — `npm start`,
// `npx wa-chatops start` or the node process itself — stops the app and its embedded
// PostgreSQL within 10 s and leaves nothing running (npm's shell does not pass signals on:
// the launcher's exit is what the app notices, see src/cli/watch-launcher.ts).
import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, childEnv, postgresProcessesFor, REPO_ROOT } from '../helpers/cli.js';

function groupPids(pgid: number): number[] {
  const r = spawnSync('ps', ['-o', 'pid=', '-g', String(pgid)], { encoding: 'utf8' });
  return r.stdout.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
}

/** Starts `cmd` in its own process group and resolves with the console port from the "ready" line. */
function launch(cmd: string, args: string[], env: Record<string, string>): { child: ChildProcess; ready: Promise<number>; logs: () => string } {
  const child = spawn(cmd, args, {
    cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv({ PORT: '0', HOST: '127.0.0.1', SCHEDULER: 'off', npm_config_update_notifier: 'false', ...env }),
  });
  let out = '';
  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after 90 s:\n${out}`)), 90_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.includes('wa-chatops ready'));
      if (line) { try { clearTimeout(timer); resolve(JSON.parse(line).port as number); } catch { /* partial line */ } }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code} before ready:\n${out}`)); });
  });
  return { child, ready, logs: () => out };
}

describe('signals to the process that was started', function () {
  this.timeout(150_000);
  let root: string;
  let env: Record<string, string>;
  let pgDir: string;
  let leader: ChildProcess | undefined;

  before(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'wa-signals-'));
    chmodSync(root, 0o755);
    env = { DATA_DIR: path.join(root, 'data'), PG_PORT: String(30000 + Math.floor(Math.random() * 20000)) };
    pgDir = path.join(root, 'data', 'pg');
  });
  afterEach(() => {
    if (leader?.pid && groupPids(leader.pid).length) process.kill(-leader.pid, 'SIGKILL');
    for (const pid of postgresProcessesFor(pgDir)) process.kill(pid, 'SIGKILL');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const cases: Array<[label: string, cmd: string, args: string[], signal: NodeJS.Signals]> = [
    ['npm start', 'npm', ['start'], 'SIGTERM'],
    ['npm start', 'npm', ['start'], 'SIGINT'],
    ['npx wa-chatops start', 'npx', ['wa-chatops', 'start'], 'SIGTERM'],
    ['node bin/wa-chatops.js start', process.execPath, [BIN, 'start'], 'SIGINT'],
    ['node bin/wa-chatops.js start', process.execPath, [BIN, 'start'], 'SIGTERM'],
  ];
  for (const [label, cmd, args, signal] of cases) {
    it(`${signal} to \`${label}\` stops the app and PostgreSQL within 10 s`, async () => {
      const run = launch(cmd, args, env);
      leader = run.child;
      const port = await run.ready;
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).to.equal(200);
      expect(postgresProcessesFor(pgDir).length, 'PostgreSQL runs').to.be.greaterThan(0);
      const t0 = Date.now();
      run.child.kill(signal);
      while (groupPids(run.child.pid!).length && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 100));
      const left = groupPids(run.child.pid!).map((p) => spawnSync('ps', ['-o', 'args=', '-p', String(p)], { encoding: 'utf8' }).stdout.trim());
      expect(left, `still running ${Date.now() - t0} ms after ${signal}:\n${run.logs()}`).to.deep.equal([]);
      expect(postgresProcessesFor(pgDir)).to.deep.equal([]);
      expect(run.logs()).to.match(/"msg":"stopped"/);
    });
  }
});
