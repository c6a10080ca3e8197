// Puts the console's pages on the app: body parsing, PostgreSQL-backed sessions, CSRF,
// the signed-in user, then each group of pages with its access rules.
import { createHmac, randomBytes } from 'node:crypto';
import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import session from 'express-session';
import type { Ctx } from '../context.js';
import { createMailer } from '../mailer.js';
import { createCsrf } from './csrf.js';
import type { ConsolePages } from './deps.js';
import { ConsoleRoutes } from './http.js';
import { loadUser } from './login.js';
import type { SendMail } from './password-reset.js';
import { mountAccountPages } from './routes/accounts.js';
import { mountAuditPage } from './routes/audit.js';
import { mountAuthPages } from './routes/auth.js';
import { mountCampaignPages } from './routes/campaigns.js';
import { mountDataRightsPages } from './routes/data-rights.js';
import { mountSandboxPages } from './routes/sandbox.js';
import { mountSenderPages } from './routes/senders.js';
import { mountHomePage } from './routes/home.js';
import { mountTermsPages } from './routes/terms.js';
import { createSessionStore } from './session-store.js';
import { consoleUserAcceptedTerms } from './terms-gate.js';

export const SESSION_HOURS = 8;

/** Reset codes only go out when SMTP is configured; a logged-only code would help nobody. */
function smtpMailer(ctx: Ctx): SendMail | undefined {
  const mailer = createMailer(ctx.config, ctx.log);
  return mailer.configured ? (msg) => mailer.send(msg) : undefined;
}

export function mountConsole(app: Express, ctx: Ctx, deps: ConsolePages): ConsoleRoutes {
  const secret = ctx.config.sessionSecret ?? randomBytes(32).toString('hex');
  const secure = ctx.config.trustProxy;
  app.use(express.urlencoded({ extended: false, limit: '5mb', parameterLimit: 200 }));
  app.use(cookieParser());
  app.use(session({
    store: createSessionStore(ctx.db, { prune: deps.pruneSessions }),
    secret,
    name: secure ? '__Host-wa.sid' : 'wa.sid',
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_HOURS * 3600_000 },
  }));
  const csrf = createCsrf(createHmac('sha256', secret).update('csrf').digest('hex'), secure);
  app.use(csrf.provideToken, csrf.protect);
  app.use(async (req, res, next) => {
    if (req.session.adminId) {
      req.user = await loadUser(ctx, req.session.adminId);
      if (!req.user) delete req.session.adminId; // the user was removed
    }
    res.locals.user = req.user;
    res.locals.flash = req.session.flash;
    delete req.session.flash;
    next();
  });

  const routes = new ConsoleRoutes(app, ctx, { termsAccepted: consoleUserAcceptedTerms });
  mountAuthPages(routes, ctx, { sendMail: deps.sendMail ?? smtpMailer(ctx), loginAttemptsPerWindow: deps.loginAttemptsPerWindow ?? 20 });
  mountTermsPages(routes, ctx);
  mountHomePage(routes, ctx);
  mountAccountPages(routes, ctx, deps.sessions);
  mountDataRightsPages(routes, ctx);
  mountSenderPages(routes, ctx, deps);
  mountCampaignPages(routes, ctx);
  mountSandboxPages(routes, ctx, deps);
  mountAuditPage(routes, ctx);
  app.locals.consoleRoutes = routes.specs;
  return routes;
}
