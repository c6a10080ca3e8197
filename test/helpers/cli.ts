// Runs the real `wa-chatops` CLI (bin/wa-chatops.js → dist) as a child process.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, '..', '..', '..');
export const BIN = path.join(REPO_ROOT, 'bin', 'wa-chatops.js');

/**
 * Environment for child processes: nothing from the developer's own .env or shell leaks in.
 * BUILD_ON_START=off: a `start` under test never rebuilds (and so never removes) the dist/ the tests run from.
 */
export function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_PRETTY: 'false', BUILD_ON_START: 'off' };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export function runCli(args: string[], env: Record<string, string | undefined>, cwd = REPO_ROOT, input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: childEnv(env), cwd, encoding: 'utf8', timeout: 120_000, input });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface StartedProcess {
  child: ChildProcess;
  port: number;
  logs: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

const started = new Set<ChildProcess>();

/** Kills every `start` a test left running (a failed assertion skips its own cleanup). */
export function killStartedProcesses(): void {
  for (const child of started) child.kill('SIGKILL');
  started.clear();
}

/** Starts `wa-chatops start` and waits for its "ready" log line. */
export async function startCli(env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<StartedProcess> {
  const child = spawn(process.execPath, [BIN, 'start'], { env: childEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }), cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  started.add(child);
  child.on('exit', () => started.delete(child));
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready after ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (b: Buffer) => {
      out += b.toString();
      for (const line of out.split('\n')) {
        if (line.includes('wa-chatops ready')) {
          try {
            const port = JSON.parse(line).port as number;
            clearTimeout(timer);
            return resolve(port);
          } catch { /* partial line */ }
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`exited with ${code} before ready:\n${out}`)); });
  });
  return { child, port, logs: () => out, exited };
}

/** Processes of a PostgreSQL server whose data directory is `dir`. */
export function postgresProcessesFor(dir: string): number[] {
  const r = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((l) => /postgres/.test(l) && l.includes(` -D ${dir}`)).map((l) => Number(l.trim().split(/\s+/)[0]));
}
