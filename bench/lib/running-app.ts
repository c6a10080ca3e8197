// The real product as a child process (`node bin/wa-chatops.js start`) on its own data
// directory and embedded PostgreSQL, for the benches that measure what an operator runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface RunningProcess {
  child: ChildProcess;
  /** Milliseconds from spawn to the first log line whose msg matches. */
  waitForLog(msg: RegExp, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

export function startProduct(repo: string, env: Record<string, string>): RunningProcess {
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(repo, 'bin', 'wa-chatops.js'), 'start'], {
    cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info', LOG_PRETTY: 'false', ...env },
  });
  const seen: Array<{ msg: string; at: number }> = [];
  const waiters: Array<{ re: RegExp; resolve: (ms: number) => void }> = [];
  let buf = '';
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-4000); });
  child.stdout!.on('data', (b: Buffer) => {
    buf += b.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      let msg: string;
      try { msg = String(JSON.parse(line).msg ?? ''); } catch { continue; }
      const at = performance.now() - started;
      seen.push({ msg, at });
      for (const w of [...waiters]) if (w.re.test(msg)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(at); }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    waitForLog(re, timeoutMs = 120_000) {
      const hit = seen.find((s) => re.test(s.msg));
      if (hit) return Promise.resolve(hit.at);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no log line matching ${re} within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        void exited.then((code) => { clearTimeout(timer); reject(new Error(`wa-chatops exited (${code}) before ${re}; stderr: ${stderr}`)); });
        waiters.push({ re, resolve: (ms) => { clearTimeout(timer); resolve(ms); } });
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** URL of the embedded PostgreSQL a running product keeps under dataDir (password beside the cluster). */
export function embeddedUrl(dataDir: string, pgPort: number): string {
  const password = readFileSync(path.join(dataDir, 'pg.password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/wa_chatops`;
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Number(m[1]) / 1024;
}
