// The terms page: the only page a console user sees until the current version is accepted.
import type { Ctx } from '../../context.js';
import { acceptTerms, findAdminAcceptance } from '../../terms.js';
import { actorOf, clientIp, flash, type ConsoleRoutes } from '../http.js';
import { termsInForce } from '../terms-gate.js';
import { render } from '../views.js';

export function mountTermsPages(routes: ConsoleRoutes, ctx: Ctx): void {
  routes.beforeTerms('get', '/terms', 'viewer', async (req, res) => {
    const terms = await termsInForce(ctx);
    const accepted = await findAdminAcceptance(ctx.db, req.user!.id, terms.id);
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
    await acceptTerms(ctx.db, { adminUserId: req.user!.id, ip: clientIp(req), userAgent: req.get('user-agent') ?? null, termsVersionId: terms.id }, actorOf(req));
    flash(req, 'ok', `Terms ${terms.version} accepted.`);
    res.redirect(303, '/');
  });
}
