// The console's Express app. Created by a function so the pages of later features, and
// tests (supertest), mount it without a listening server.
import { randomUUID } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import type { Ctx } from '../context.js';
import type { Logger } from '../logger.js';

export interface SchedulerState {
  running: boolean;
  jobs: Array<{ name: string; lastRunAt?: Date; lastError?: string }>;
}

export interface ConsoleDeps {
  /** Scheduler status for /healthz; absent when this process runs no scheduler. */
  schedulerState?: () => SchedulerState;
  /** Further features (pages) mount themselves here. */
  mount?: Array<(app: Express, ctx: Ctx) => void>;
}

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
  }
}

export function createConsoleApp(ctx: Ctx, deps: ConsoleDeps = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', ctx.config.trustProxy);
  app.use((req, res, next) => {
    const incoming = req.get('x-request-id');
    req.id = incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    req.log = ctx.log.child({ reqId: req.id });
    res.setHeader('x-request-id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      req.log.debug({ method: req.method, url: req.originalUrl.split('?')[0], status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
    });
    next();
  });
  app.use(helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': ctx.config.trustProxy ? [] : null },
    },
  }));

  app.get('/healthz', async (_req, res) => {
    const database = (await ctx.db.ping()) ? 'up' : 'down';
    const scheduler = deps.schedulerState ? deps.schedulerState() : { running: false, jobs: [] };
    const ok = database === 'up';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database, scheduler });
  });

  for (const mount of deps.mount ?? []) mount(app, ctx);

  app.use((req: Request, res: Response) => {
    res.status(404).type('text/plain').send('Not found');
  });
  // Says what happened, never how: details stay in the log under the request id.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = typeof (err as { status?: number })?.status === 'number' ? (err as { status: number }).status : 500;
    if (status >= 500) req.log?.error({ err }, 'request failed');
    res.status(status).type('text/plain').send(status >= 500 ? `Something went wrong (request ${req.id}).` : 'Bad request');
  });
  return app;
}
