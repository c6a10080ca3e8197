// What every Bree job file shares: its own database pool opened from workerData, a Ctx,
// the 'cancel' message, requests to the main thread (which holds the WhatsApp channels),
// and a clean end: the pool is closed before 'done' / 'cancelled' is posted.
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import type { Ctx } from '../../src/context.js';
import { openDb } from '../../src/db/database.js';
import { createLogger } from '../../src/logger.js';

export interface JobWorkerData {
  config: Config;
  databaseUrl: string;
  ownerId?: string;
  /** How long one run of a looping job may last before it ends and waits for the next tick. */
  runBudgetMs?: number;
}

/** Main-thread replies to requests: { rpc, result } or { rpc, error }. */
interface RpcReply { rpc: number; result?: unknown; error?: string }

export interface JobRuntime {
  ctx: Ctx;
  data: JobWorkerData;
  readonly cancelled: boolean;
  /** Asks the main thread (see src/scheduler.ts for the methods it answers). */
  request<T>(method: string, params?: unknown): Promise<T>;
}

export async function runJob(name: string, body: (rt: JobRuntime) => Promise<Record<string, unknown> | void>): Promise<void> {
  if (!parentPort) throw new Error(`${name} is a Bree job; it runs in a worker thread`);
  const port = parentPort;
  const data = workerData as JobWorkerData;
  const log = createLogger({ level: data.config.logLevel, name: `job:${name}` });
  const db = await openDb({ url: data.databaseUrl, poolMax: 5, applicationName: `wa-chatops job ${name}` });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  let cancelled = false;
  port.on('message', (m: unknown) => {
    if (m === 'cancel') { cancelled = true; return; }
    const reply = m as RpcReply;
    const waiter = typeof reply?.rpc === 'number' ? pending.get(reply.rpc) : undefined;
    if (!waiter) return;
    pending.delete(reply.rpc);
    if (reply.error !== undefined) waiter.reject(new Error(reply.error)); else waiter.resolve(reply.result);
  });
  const rt: JobRuntime = {
    ctx: { config: data.config, db, log, clock: systemClock },
    data,
    get cancelled() { return cancelled; },
    request<T>(method: string, params?: unknown) {
      const rpc = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(rpc, { resolve: resolve as (v: unknown) => void, reject });
        port.postMessage({ rpc, method, params });
      });
    },
  };
  let summary: Record<string, unknown> | void = undefined;
  let error: string | undefined;
  try {
    summary = await body(rt);
  } catch (e) {
    error = (e as Error)?.stack ?? String(e);
    log.error({ err: e }, `${name} failed`);
  } finally {
    await db.close().catch(() => undefined);
  }
  port.postMessage({ summary: summary ?? {}, error });
  port.removeAllListeners('message');
  port.postMessage(cancelled ? 'cancelled' : 'done');
  port.unref();
}
