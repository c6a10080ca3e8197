// The console's Express app. Created by a function so the pages of later features, and
// tests (supertest), mount it without a listening server.
import { randomUUID } from 'node:crypto';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import { mountApi, type ApiDeps } from '../api/app.js';
import type { Ctx } from '../context.js';
import type { Logger } from '../logger.js';
import type { ConsolePages } from './deps.js';
import { HttpError } from './http.js';
import { mountConsole } from './mount.js';
import { mountUnsubscribe } from './routes/unsubscribe.js';
import { mountSmsStatusCallback } from './routes/sms-status-callback.js';
import { render, STATIC_DIR } from './views.js';

export interface SchedulerState {
  running: boolean;
  jobs: Array<{ name: string; lastRunAt?: Date; lastError?: string }>;
}

export interface ConsoleDeps extends ConsolePages {
  /** Scheduler status for /healthz; absent when this process runs no scheduler. */
  schedulerState?: () => SchedulerState;
  /** Further features (pages) mount themselves here. */
  mount?: Array<(app: Express, ctx: Ctx) => void>;
  /** What the HTTP API needs from the process (an operator session for demos). */
  api?: ApiDeps;
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
  // A hop count or the proxies' addresses: req.ip is then the address the last trusted proxy saw.
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
      directives: { 'script-src': ["'self'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': ctx.config.behindTlsProxy ? [] : null },
    },
  }));

  // Up or down, nothing more, for anyone (load balancers, uptime checks); the details are
  // for signed-in admins at /healthz/details.
  app.get('/healthz', async (_req, res) => {
    const up = await ctx.db.ping();
    res.setHeader('Cache-Control', 'no-store');
    res.status(up ? 200 : 503).json({ status: up ? 'up' : 'down' });
  });

  app.use('/static', express.static(STATIC_DIR, { index: false, maxAge: '1h' }));
  // The API before the console's sessions and CSRF: its requests carry a token, not a cookie.
  mountApi(app, ctx, deps.api);
  mountUnsubscribe(app, ctx); // before the console's session and CSRF: a mail client has neither
  mountSmsStatusCallback(app, ctx); // the same for an SMS provider's delivery reports
  const routes = mountConsole(app, ctx, deps);
  routes.get('/healthz/details', 'admin', async (_req, res) => {
    const database = (await ctx.db.ping()) ? 'up' : 'down';
    const scheduler = deps.schedulerState ? deps.schedulerState() : { running: false, jobs: [] };
    res.status(database === 'up' ? 200 : 503).json({ status: database, database, scheduler });
  });
  for (const mount of deps.mount ?? []) mount(app, ctx);

  app.use((req: Request, res: Response) => {
    render(res, 'error', { title: 'Not found', message: 'There is no page at this address.' }, 404);
  });
  // Says what happened, never how: details stay in the log under the request id.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    // A value the database could not take as its type (an id "abc", a number out of range) is
    // a bad request, not our fault: SQLSTATE class 22.
    const sqlState = String((err as { parent?: { code?: string } })?.parent?.code ?? (err as { code?: string })?.code ?? '');
    const status = typeof (err as { status?: number })?.status === 'number' ? (err as { status: number }).status
      : /^22[0-9A-Z]{3}$/.test(sqlState) ? 400 : 500;
    if (status >= 500) req.log?.error({ err }, 'request failed');
    if (res.headersSent) return;
    const message = status >= 500 ? `Something went wrong on our side. The details are in the server log under request ${req.id}.`
      : (err as { code?: string })?.code === 'EBADCSRFTOKEN' ? 'This form has expired or was sent from elsewhere. Go back, reload the page and try again.'
      : err instanceof HttpError ? err.message
      : status === 413 ? 'What you sent is too large.' : 'The request could not be understood.';
    const title = status >= 500 ? 'Something went wrong' : status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'Bad request';
    render(res, 'error', { title, message, requestId: req.id }, status);
  });
  return app;
}
