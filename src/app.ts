// `wa-chatops start`: one process holding the gateway, the command router, the scheduler
// and the console (DESIGN.md §1). Stops in reverse order so no row is left half-written.
import type { Server } from 'node:http';
import { hostname } from 'node:os';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { createConsoleApp } from './console/app.js';
import type { Ctx } from './context.js';
import { connectDatabase } from './db/connect.js';
import type { Logger } from './logger.js';

export interface RunningApp {
  ctx: Ctx;
  server: Server;
  port: number;
  stop(): Promise<void>;
}

export async function startApp(config: Config, log: Logger): Promise<RunningApp> {
  const started = Date.now();
  const database = await connectDatabase(config, log);
  const ctx: Ctx = { config, db: database.db, log, clock: systemClock };
  const ownerId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const stops: Array<() => Promise<void>> = [];

  try {
    const app = createConsoleApp(ctx, {});
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, config.host, () => resolve(s));
      s.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    log.info({ port, ownerId, ms: Date.now() - started }, `wa-chatops ready: console on http://localhost:${port}/`);

    let stopping: Promise<void> | undefined;
    const stop = () => (stopping ??= (async () => {
      log.info('stopping: console, then scheduler and sessions, then database');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 3000).unref();
      });
      for (const s of stops.reverse()) await s().catch((e) => log.error({ err: e }, 'stop step failed'));
      await database.close();
      log.info('stopped');
    })());
    return { ctx, server, port, stop };
  } catch (e) {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    await database.close();
    throw e;
  }
}
