// Route registration with access rules in one place: every console route declares who may
// use it, and the role × route test walks this registry, so no route goes unchecked.
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { isAppError } from '../app-error.js';
import { ConflictError, NotFoundError } from '../base-errors.js';
import type { Ctx } from '../context.js';
import { isDatabaseError } from '../database-errors.js';
import type { ConsoleUser } from './login.js';
import { render } from './views.js';

/** public: anyone; viewer: any signed-in user (read-only); admin: the admin role. */
export type Access = 'public' | 'viewer' | 'admin';

export interface RouteSpec {
  method: 'get' | 'post';
  path: string;
  access: Access;
  /** false for the pages a user must reach before accepting the terms (terms, logout, password). */
  termsGate: boolean;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: ConsoleUser;
  }
}

declare module 'express-session' {
  interface SessionData {
    adminId: number;
    started: number;
    previousLogin: { at: string; ip: string | null } | null;
    flash: { kind: 'ok' | 'error'; text: string };
  }
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface Gates {
  /** Whether the user accepted the current terms version. */
  termsAccepted(ctx: Ctx, user: ConsoleUser): Promise<boolean>;
}

export class ConsoleRoutes {
  readonly specs: RouteSpec[] = [];
  constructor(private readonly app: Express, private readonly ctx: Ctx, private readonly gates: Gates) {}

  get(path: string, access: Access, ...handlers: RequestHandler[]): void {
    this.add('get', path, access, true, handlers);
  }
  post(path: string, access: Access, ...handlers: RequestHandler[]): void {
    this.add('post', path, access, true, handlers);
  }
  /** Routes reachable before the terms are accepted. */
  beforeTerms(method: 'get' | 'post', path: string, access: Access, ...handlers: RequestHandler[]): void {
    this.add(method, path, access, false, handlers);
  }

  private add(method: 'get' | 'post', path: string, access: Access, termsGate: boolean, handlers: RequestHandler[]): void {
    this.specs.push({ method, path, access, termsGate });
    const guard = async (req: Request, res: Response, next: NextFunction) => {
      if (access === 'public') return next();
      if (!req.user) {
        const nextUrl = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
        return res.redirect(303, `/login${nextUrl}`);
      }
      if (req.user.must_change_password && termsGate) return res.redirect(303, '/password');
      if (termsGate && !(await this.gates.termsAccepted(this.ctx, req.user))) return res.redirect(303, '/terms');
      if (access === 'admin' && req.user.role !== 'admin') {
        return render(res, 'error', { title: 'Not allowed', message: 'Your role (viewer) can look but not change anything. Ask an admin.' }, 403);
      }
      next();
    };
    this.app[method](path, guard, ...handlers);
  }
}

/** Sets a one-time message shown on the next page. */
export function flash(req: Request, kind: 'ok' | 'error', text: string): void {
  req.session.flash = { kind, text };
}

/** The client's address as recorded in logs, login events and acceptances. */
export function clientIp(req: Request): string | null {
  return req.ip ?? null;
}

export function actorOf(req: Request) {
  return { type: 'admin' as const, id: req.user?.id ?? null, label: req.user?.email ?? null, ip: clientIp(req) };
}

/** A route parameter that must be a positive whole number, else 404. */
export function idParam(req: Request, name = 'id'): number {
  const raw = req.params[name];
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw)) throw new HttpError(404, 'Not found');
  return Number(raw);
}

/** A form field as a trimmed string ('' when absent). */
export function field(req: Request, name: string): string {
  const v = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v.trim() : '';
}

// Errors whose message is written for the person at the form (bad input, a conflict, a
// state that forbids the action). Anything else is an internal fault and stays in the log.
const USER_ERROR = /^(RangeError|ConflictError|NotFoundError|InsufficientCreditsError|ResetCodeError|\w*(State|Validation|Input|Limit|Confirmation)Error)$/;

export function isUserError(e: unknown): e is Error {
  return isAppError(e) || (e instanceof Error && (e instanceof ConflictError || e instanceof NotFoundError || USER_ERROR.test(e.name)) && !isDatabaseError(e));
}

/**
 * A form POST: runs the action, then redirects (303) to where it says, or back to the form
 * with the error shown when the input was refused.
 */
export function formAction(run: (req: Request, res: Response) => Promise<string | void>, back: (req: Request) => string): RequestHandler {
  return async (req, res) => {
    let to: string | void;
    try {
      to = await run(req, res);
    } catch (e) {
      if (!isUserError(e)) throw e;
      flash(req, 'error', e.message);
      return res.redirect(303, back(req));
    }
    if (!res.headersSent) res.redirect(303, to ?? back(req));
  };
}
