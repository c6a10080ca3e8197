// First-run setup, sign in / out, password change and reset by e-mailed code.
import type { Request } from 'express';
import { rateLimit } from 'express-rate-limit';
import { countAdmins, createFirstAdmin, MIN_PASSWORD_LENGTH, type AdminRow } from '../../admins.js';
import { audit } from '../../audit.js';
import type { Ctx } from '../../context.js';
import { actorOf, clientIp, field, flash, formAction, type ConsoleRoutes } from '../http.js';
import { attemptLogin, changePassword, recordDirectSignIn } from '../login.js';
import { requestPasswordReset, resetPassword, RESET_CODE_MINUTES, type SendMail } from '../password-reset.js';
import { render } from '../views.js';

/** Only same-site paths: a `next` parameter must never send the user to another host. */
function safeNext(raw: string): string {
  return /^\/(?![/\\])[\w\-./?=&%]*$/.test(raw) ? raw : '/';
}

export function mountAuthPages(routes: ConsoleRoutes, ctx: Ctx, opts: { sendMail?: SendMail; loginAttemptsPerWindow: number }): void {
  let adminsExist = false;
  // Once an admin exists it stays so; until then every visit checks.
  const needsSetup = async () => !(adminsExist ||= (await countAdmins(ctx.db)) > 0);

  const limiter = rateLimit({
    windowMs: 15 * 60_000,
    limit: opts.loginAttemptsPerWindow,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => render(res, 'error', { title: 'Too many attempts', message: 'Too many sign-in attempts from your address. Wait 15 minutes and try again.' }, 429),
  });

  routes.get('/setup', 'public', async (_req, res) => {
    if (!(await needsSetup())) return res.redirect(303, '/login');
    render(res, 'setup', { title: 'First-run setup', minLength: MIN_PASSWORD_LENGTH });
  });

  routes.post('/setup', 'public', limiter, async (req, res) => {
    if (!(await needsSetup())) return res.redirect(303, '/login');
    const email = field(req, 'email');
    const password = typeof req.body?.password === 'string' ? req.body.password : '';
    const show = (message: string) => render(res, 'setup', { title: 'First-run setup', minLength: MIN_PASSWORD_LENGTH, email, flash: { kind: 'error', text: message } }, 400);
    if (password !== req.body?.password2) return show('The two passwords differ.');
    let created: AdminRow | undefined;
    try {
      created = await createFirstAdmin(ctx.db, { email, password }, { type: 'admin', label: email, ip: clientIp(req) });
    } catch (e) {
      if (e instanceof RangeError) return show(e.message.replace(/^./, (c) => c.toUpperCase()) + '.');
      throw e;
    }
    if (!created) return res.redirect(303, '/login');
    adminsExist = true;
    await recordDirectSignIn(ctx, created.id, clientIp(req), req.get('user-agent') ?? null);
    await signIn(req, created.id, null);
    flash(req, 'ok', 'Admin created. Read and accept the terms to continue.');
    res.redirect(303, '/terms');
  });

  routes.get('/login', 'public', async (req, res) => {
    if (await needsSetup()) return res.redirect(303, '/setup');
    if (req.user) return res.redirect(303, '/');
    render(res, 'login', { title: 'Sign in', next: safeNext(String(req.query.next ?? '/')), resetAvailable: Boolean(opts.sendMail) });
  });

  routes.post('/login', 'public', limiter, async (req, res) => {
    const email = field(req, 'email');
    const result = await attemptLogin(ctx, {
      email, password: typeof req.body?.password === 'string' ? req.body.password : '',
      ip: clientIp(req), userAgent: req.get('user-agent') ?? null,
    });
    if (!result.ok) {
      const text = result.reason === 'locked'
        ? `Too many failed attempts: this user is locked until ${result.lockedUntil.toISOString().slice(0, 16).replace('T', ' ')} UTC.`
        : 'Wrong e-mail or password.';
      return render(res, 'login', { title: 'Sign in', email, next: safeNext(field(req, 'next')), resetAvailable: Boolean(opts.sendMail), flash: { kind: 'error', text } }, 401);
    }
    await signIn(req, result.user.id, result.previous);
    res.redirect(303, safeNext(field(req, 'next') || '/'));
  });

  routes.beforeTerms('post', '/logout', 'viewer', async (req, res) => {
    await new Promise<void>((resolve, reject) => req.session.destroy((e) => (e ? reject(e) : resolve())));
    res.redirect(303, '/login');
  });

  routes.beforeTerms('get', '/password', 'viewer', (_req, res) => {
    render(res, 'password', { title: 'Change password', minLength: MIN_PASSWORD_LENGTH });
  });
  routes.beforeTerms('post', '/password', 'viewer', formAction(async (req) => {
    await changePassword(ctx, req.user!.id, String(req.body?.current ?? ''), String(req.body?.password ?? ''));
    await audit(ctx.db, actorOf(req), 'admin.password_change', null, {});
    flash(req, 'ok', 'Password changed.');
    return '/';
  }, () => '/password'));

  routes.get('/password-reset', 'public', (_req, res) => {
    if (!opts.sendMail) return render(res, 'error', { title: 'Not available', message: 'Password reset by e-mail needs SMTP_URL to be configured. Ask the operator.' }, 404);
    render(res, 'password-reset-request', { title: 'Reset password', minutes: RESET_CODE_MINUTES });
  });
  routes.post('/password-reset', 'public', limiter, async (req, res) => {
    if (!opts.sendMail) return res.redirect(303, '/login');
    const email = field(req, 'email');
    try {
      await requestPasswordReset(ctx, opts.sendMail, email, clientIp(req));
    } catch (e) {
      // The same answer as for an unknown address; the operator sees the mail fault in the log.
      req.log.error({ err: e }, 'password reset e-mail failed');
    }
    flash(req, 'ok', 'If that address belongs to a console user, a code is on its way.');
    res.redirect(303, `/password-reset/code?email=${encodeURIComponent(email)}`);
  });
  routes.get('/password-reset/code', 'public', (req, res) => {
    render(res, 'password-reset-code', { title: 'New password', email: String(req.query.email ?? ''), minLength: MIN_PASSWORD_LENGTH });
  });
  routes.post('/password-reset/code', 'public', limiter, formAction(async (req) => {
    await resetPassword(ctx, { email: field(req, 'email'), code: field(req, 'code'), password: String(req.body?.password ?? ''), ip: clientIp(req) });
    flash(req, 'ok', 'Password changed. Sign in with the new one.');
    return '/login';
  }, (req) => `/password-reset/code?email=${encodeURIComponent(field(req, 'email'))}`));
}

/** A fresh session id at sign-in, so an id planted before login is worth nothing. */
async function signIn(req: Request, adminId: number, previous: { at: Date; ip: string | null } | null): Promise<void> {
  await new Promise<void>((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
  req.session.adminId = adminId;
  req.session.previousLogin = previous ? { at: previous.at.toISOString(), ip: previous.ip } : null;
  await new Promise<void>((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));
}

