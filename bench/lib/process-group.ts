// A command started the way an operator starts it (`npm start` in the repository), in its own
// process group, so a bench can see every process it left behind.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export function startGroup(cmd: string, args: string[], cwd: string, env: Record<string, string>): ChildProcess {
  return spawn(cmd, args, { cwd, detached: true, stdio: 'ignore', env: { ...process.env, LOG_LEVEL: 'info', LOG_PRETTY: 'false', ...env } });
}

export function groupPids(pgid: number): number[] {
  const r = spawnSync('ps', ['-o', 'pid=', '-g', String(pgid)], { encoding: 'utf8' });
  return r.stdout.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
}

/** Milliseconds until `url` answers 200 (polled every 25 ms). */
export async function msUntilHealthy(url: string, since: number, timeoutMs = 120_000): Promise<number> {
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return performance.now() - since;
    } catch { /* not listening yet */ }
    if (performance.now() - since > timeoutMs) throw new Error(`${url} not healthy after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Sends `signal` to the group leader and resolves with the ms until no process of the group is left. */
export async function msUntilGone(child: ChildProcess, signal: NodeJS.Signals, timeoutMs = 30_000): Promise<number> {
  const t0 = performance.now();
  child.kill(signal);
  for (;;) {
    if (!groupPids(child.pid!).length) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) {
      process.kill(-child.pid!, 'SIGKILL');
      throw new Error(`processes still running ${timeoutMs} ms after ${signal}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
