// Console test helpers: an app on the test database, agents that carry cookies and CSRF
// tokens like a browser does, and quick fixtures.
import { expect } from 'chai';
import supertest from 'supertest';
import type { Express } from 'express';
import { createAdmin } from '../../src/admins.js';
import type { Clock } from '../../src/clock.js';
import { createConsoleApp, type ConsoleDeps } from '../../src/console/app.js';
import type { Ctx } from '../../src/context.js';
import type { Db } from '../../src/db/database.js';
import { ensureDefaultTerms, recordTermsAcceptance } from '../../src/terms.js';
import { testCtx } from '../helpers/world.js';

export const PASSWORD = 'correct horse battery';

export function consoleCtx(db: Db, opts: { clock?: Clock; env?: NodeJS.ProcessEnv } = {}): Ctx {
  return testCtx(db, { SESSION_SECRET: 'test-session-secret-0123456789', ...opts.env }, opts.clock);
}

export function consoleApp(ctx: Ctx, deps: ConsoleDeps = {}): Express {
  return createConsoleApp(ctx, { pruneSessions: false, loginAttemptsPerWindow: 1000, ...deps });
}

export type Agent = ReturnType<typeof supertest.agent>;

/** The CSRF token of the first form on a page. */
export async function tokenFrom(agent: Agent, path: string): Promise<string> {
  const res = await agent.get(path);
  const m = /name="_csrf" value="([^"]+)"/.exec(res.text);
  if (!m) throw new Error(`no CSRF token on ${path} (status ${res.status}): ${res.text.slice(0, 300)}`);
  return m[1]!;
}

/** Submits a form the way a browser does: token taken from the page the form is on. */
export async function submit(agent: Agent, formPage: string, action: string, fields: Record<string, string>) {
  const _csrf = await tokenFrom(agent, formPage);
  return agent.post(action).type('form').send({ ...fields, _csrf });
}

export async function makeUser(db: Db, email: string, role: 'admin' | 'viewer' = 'admin', opts: { acceptTerms?: boolean } = {}) {
  const user = await createAdmin(db, { email, password: PASSWORD, role }, { type: 'system' });
  if (opts.acceptTerms !== false) {
    const terms = await ensureDefaultTerms(db);
    await recordTermsAcceptance(db, { adminUserId: user.id, termsVersionId: terms.id, ip: '127.0.0.1' });
  }
  return user;
}

export async function signIn(app: Express, email: string, password = PASSWORD): Promise<Agent> {
  const agent = supertest.agent(app);
  const res = await submit(agent, '/login', '/login', { email, password });
  expect(res.status, res.text.slice(0, 300)).to.equal(303);
  return agent;
}
