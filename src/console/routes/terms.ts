// The terms page: the only page a console user sees until the current version is accepted.
import type { Ctx } from '../../context.js';
import { recordTermsAcceptance } from '../../terms.js';
import { audit } from '../../audit.js';
import { actorOf, clientIp, flash, type ConsoleRoutes } from '../http.js';
import { consoleUserAcceptedTerms, termsInForce } from '../terms-gate.js';
import { render } from '../views.js';

export function mountTermsPages(routes: ConsoleRoutes, ctx: Ctx): void {
  routes.beforeTerms('get', '/terms', 'viewer', async (req, res) => {
    const terms = await termsInForce(ctx);
    const accepted = await ctx.db.one<{ accepted_at: Date; ip: string | null }>(
      'SELECT accepted_at, ip FROM terms_acceptances WHERE admin_user_id = $1 AND terms_version_id = $2 ORDER BY id LIMIT 1', [req.user!.id, terms.id]);
    render(res, 'terms', { title: 'Terms', terms, paragraphs: terms.body.split(/\n+/), accepted, nav: Boolean(accepted) });
  });

  routes.beforeTerms('post', '/terms', 'viewer', async (req, res) => {
    const terms = await termsInForce(ctx);
    if (req.body?.version !== terms.version) {
      // The terms changed while the page was open: show the new text rather than accept it unread.
      flash(req, 'error', 'The terms changed since you opened the page. Read the current version.');
      return res.redirect(303, '/terms');
    }
    if (req.body?.agree !== 'yes') {
      flash(req, 'error', 'Tick the box to accept the terms.');
      return res.redirect(303, '/terms');
    }
    if (!(await consoleUserAcceptedTerms(ctx, req.user!))) {
      await recordTermsAcceptance(ctx.db, { adminUserId: req.user!.id, ip: clientIp(req), userAgent: req.get('user-agent') ?? null, termsVersionId: terms.id });
      await audit(ctx.db, actorOf(req), 'terms.accept', null, { version: terms.version });
    }
    flash(req, 'ok', `Terms ${terms.version} accepted.`);
    res.redirect(303, '/');
  });
}
