// API test helpers: the console app (the API is mounted in it) on the test database, and a
// token made through the same service the chat and the CLI use.
import supertest from 'supertest';
import type { Express } from 'express';
import { createApiToken } from '../../src/api/tokens.js';
import { SYSTEM } from '../../src/audit.js';
import { createConsoleApp, type ConsoleDeps } from '../../src/console/app.js';
import type { Ctx } from '../../src/context.js';
import type { Db } from '../../src/db/database.js';
import { testCtx } from '../helpers/world.js';

export function apiCtx(db: Db, env: NodeJS.ProcessEnv = {}): Ctx {
  return testCtx(db, { SESSION_SECRET: 'test-session-secret-0123456789', API_BURST_PER_SECOND: '1000', ...env });
}

export function apiApp(ctx: Ctx, deps: ConsoleDeps = {}): Express {
  return createConsoleApp(ctx, { pruneSessions: false, ...deps });
}

export async function makeToken(ctx: Ctx, accountId: number, opts: { name?: string; readOnly?: boolean } = {}): Promise<string> {
  return (await createApiToken(ctx, accountId, opts, SYSTEM)).token;
}

/** A supertest client that sends the token on every request. */
export function client(app: Express, token: string) {
  const agent = supertest(app);
  const auth = (r: supertest.Test) => r.set('Authorization', `Bearer ${token}`);
  return {
    get: (p: string) => auth(agent.get(`/api/v1${p}`)),
    post: (p: string, body?: object, key?: string) => { const r = auth(agent.post(`/api/v1${p}`)); if (key) r.set('Idempotency-Key', key); return body ? r.send(body) : r; },
    delete: (p: string) => auth(agent.delete(`/api/v1${p}`)),
  };
}
