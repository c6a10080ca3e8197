// The overview: the user's previous sign-in (so a stranger's login is noticed) and what
// needs attention.
import type { Ctx } from '../../context.js';
import { countOverview } from '../../overview.js';
import type { ConsoleRoutes } from '../http.js';
import { recentLogins } from '../login.js';
import { render } from '../views.js';

export function mountHomePage(routes: ConsoleRoutes, ctx: Ctx): void {
  routes.get('/', 'viewer', async (req, res) => {
    const counts = await countOverview(ctx.db);
    render(res, 'home', {
      title: 'Overview',
      previousLogin: req.session.previousLogin ?? null,
      logins: await recentLogins(ctx, req.user!.id, 5),
      counts,
    });
  });
}
