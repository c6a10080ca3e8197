// SIGTERM/SIGINT at any moment of a start — before the handlers exist, while PostgreSQL is
// starting, right after it is ready, in the instant the console starts answering — stops the
// app and its embedded PostgreSQL within 10 s and leaves nothing running (issue 18: one bench
// restart in 9 left PostgreSQL behind: the signal came between "healthy" and the handlers).
import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, childEnv, postgresProcessesFor, REPO_ROOT, startCli } from '../helpers/cli.js';

function groupPids(pgid: number): number[] {
  const r = spawnSync('ps', ['-o', 'pid=', '-g', String(pgid)], { encoding: 'utf8' });
  return r.stdout.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
}

/** When to send the signal: after `ms`, or as soon as a log line matches. */
type Moment = { label: string; ms?: number; line?: RegExp };

const MOMENTS: Moment[] = [
  { label: 'at once (before the handlers are installed)', ms: 0 },
  { label: 'while PostgreSQL is starting', line: /starting PostgreSQL/ },
  { label: 'right after PostgreSQL is ready', line: /embedded PostgreSQL ready/ },
  { label: 'as the console starts answering', line: /wa-chatops ready/ },
];

describe('signals during startup', function () {
  this.timeout(240_000);
  let root: string;
  let env: Record<string, string>;
  let pgDir: string;
  let leader: ChildProcess | undefined;

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'wa-signals-start-'));
    chmodSync(root, 0o755);
    env = { DATA_DIR: path.join(root, 'data'), PG_PORT: String(30000 + Math.floor(Math.random() * 20000)) };
    pgDir = path.join(root, 'data', 'pg');
    // A first start creates the cluster and applies the migrations: the cases are restarts.
    const first = await startCli({ SCHEDULER: 'off', ...env }, 120_000);
    first.child.kill('SIGTERM');
    await first.exited;
  });
  afterEach(() => {
    if (leader?.pid && groupPids(leader.pid).length) process.kill(-leader.pid, 'SIGKILL');
    for (const pid of postgresProcessesFor(pgDir)) process.kill(pid, 'SIGKILL');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const cases: Array<[Moment, string, string[], NodeJS.Signals]> = [
    ...MOMENTS.map((m): [Moment, string, string[], NodeJS.Signals] => [m, process.execPath, [BIN, 'start'], 'SIGTERM']),
    [MOMENTS[1]!, process.execPath, [BIN, 'start'], 'SIGINT'],
    [MOMENTS[2]!, 'npm', ['start'], 'SIGTERM'],
  ];
  for (const [moment, cmd, args, signal] of cases) {
    const label = cmd === 'npm' ? 'npm start' : 'node bin/wa-chatops.js start';
    it(`${signal} to \`${label}\` ${moment.label} leaves nothing running within 10 s`, async () => {
      const child = spawn(cmd, args, {
        cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
        // debug: PostgreSQL's own "starting" line is the moment its process exists.
        env: childEnv({ PORT: '0', HOST: '127.0.0.1', SCHEDULER: 'off', LOG_LEVEL: 'debug', npm_config_update_notifier: 'false', ...env }),
      });
      leader = child;
      let out = '';
      let sent = false;
      const send = () => { if (!sent) { sent = true; child.kill(signal); } };
      const seen = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no moment "${moment.label}" within 90 s:\n${out}`)), 90_000);
        const onData = (b: Buffer) => {
          out += b.toString();
          if (moment.line && moment.line.test(out)) { clearTimeout(timer); send(); resolve(); }
        };
        child.stdout!.on('data', onData);
        child.stderr!.on('data', onData);
        if (moment.ms !== undefined) setTimeout(() => { clearTimeout(timer); send(); resolve(); }, moment.ms);
      });
      await seen;
      const t0 = Date.now();
      while ((groupPids(child.pid!).length || postgresProcessesFor(pgDir).length) && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 100));
      const left = groupPids(child.pid!).map((p) => spawnSync('ps', ['-o', 'args=', '-p', String(p)], { encoding: 'utf8' }).stdout.trim());
      expect(left, `still running ${Date.now() - t0} ms after ${signal}:\n${out.slice(-3000)}`).to.deep.equal([]);
      expect(postgresProcessesFor(pgDir), 'PostgreSQL left running').to.deep.equal([]);
    });
  }
});
