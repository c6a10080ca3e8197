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
import { mountApiAccessPages } from './routes/api-access.js';
import { mountWebhookPages } from './routes/webhooks.js';
import { mountAuditPage } from './routes/audit.js';
import { mountAuthPages } from './routes/auth.js';
import { mountCampaignPages } from './routes/campaigns.js';
import { mountDataRightsPages } from './routes/data-rights.js';
import { mountSandboxPages } from './routes/sandbox.js';
import { mountSenderPages } from './routes/senders.js';
import { mountHomePage } from './routes/home.js';
import { mountTermsPages } from './routes/terms.js';
import { listUnhealthySenders } from '../senders/sender-health.js';
import { createSessionStore } from './session-store.js';
import { consoleUserAcceptedTerms } from './terms-gate.js';


/** Reset codes only go out when SMTP is configured; a logged-only code would help nobody. */
function smtpMailer(ctx: Ctx): SendMail | undefined {
  const mailer = createMailer(ctx.config, ctx.log);
  return mailer.configured ? (msg) => mailer.send(msg) : undefined;
}

export function mountConsole(app: Express, ctx: Ctx, deps: ConsolePages): ConsoleRoutes {
  const secret = ctx.config.sessionSecret ?? randomBytes(32).toString('hex');
  const secure = ctx.config.behindTlsProxy;
  app.use(express.urlencoded({ extended: false, limit: '5mb', parameterLimit: 200 }));
  app.use(cookieParser());
  app.use(session({
    store: createSessionStore(ctx.db, { prune: deps.pruneSessions }),
    secret,
    name: secure ? '__Host-wa.sid' : 'wa.sid',
    // Only a session with something in it (a sign-in, a flash message) is stored: a visitor
    // without a cookie costs no row.
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: ctx.config.sessionIdleHours * 3600_000 },
  }));
  const maxAgeMs = ctx.config.sessionMaxHours * 3600_000;
  app.use(async (req, _res, next) => {
    // The absolute lifetime: however active, a session ends SESSION_MAX_HOURS after sign-in.
    if (req.session.adminId && ctx.clock.now().getTime() - (req.session.signedInAt ?? 0) > maxAgeMs) {
      await new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
    }
    next();
  });
  const csrf = createCsrf(createHmac('sha256', secret).update('csrf').digest('hex'), secure);
  app.use(csrf.provideToken, csrf.protect);
  app.use(async (req, res, next) => {
    if (req.session.adminId) {
      req.user = await loadUser(ctx, req.session.adminId);
      if (!req.user) delete req.session.adminId; // the user was removed
    }
    // Pages and exports of a signed-in user carry personal data: never kept by a browser or proxy cache.
    if (req.user) res.setHeader('Cache-Control', 'no-store');
    res.locals.user = req.user;
    res.locals.flash = req.session.flash;
    // Senders that died quietly (issue 21 item 7): every page tells an admin until they are fixed.
    res.locals.unhealthySenders = req.user?.role === 'admin' ? await listUnhealthySenders(ctx.db).catch(() => []) : [];
    delete req.session.flash;
    next();
  });

  const routes = new ConsoleRoutes(app, ctx, { termsAccepted: consoleUserAcceptedTerms });
  mountAuthPages(routes, ctx, { sendMail: deps.sendMail ?? smtpMailer(ctx), loginAttemptsPerWindow: deps.loginAttemptsPerWindow ?? 20 });
  mountTermsPages(routes, ctx);
  mountHomePage(routes, ctx);
  mountAccountPages(routes, ctx, deps.sessions);
  mountApiAccessPages(routes, ctx);
  mountWebhookPages(routes, ctx);
  mountDataRightsPages(routes, ctx);
  mountSenderPages(routes, ctx, deps);
  mountCampaignPages(routes, ctx);
  mountSandboxPages(routes, ctx, deps);
  mountAuditPage(routes, ctx);
  app.locals.consoleRoutes = routes.specs;
  return routes;
}
