// The overview: the user's previous sign-in (so a stranger's login is noticed) and what
// needs attention.
import type { Ctx } from '../../context.js';
import type { ConsoleRoutes } from '../http.js';
import { recentLogins } from '../login.js';
import { render } from '../views.js';

export function mountHomePage(routes: ConsoleRoutes, ctx: Ctx): void {
  routes.get('/', 'viewer', async (req, res) => {
    const counts = await ctx.db.one<Record<string, number>>(
      `SELECT (SELECT count(*) FROM accounts WHERE status <> 'erased')::int AS accounts,
              (SELECT count(*) FROM sender_sessions WHERE status <> 'removed')::int AS senders,
              (SELECT count(*) FROM campaigns WHERE status = 'running')::int AS running,
              (SELECT count(*) FROM topup_requests WHERE status = 'pending')::int AS topups`);
    render(res, 'home', {
      title: 'Overview',
      previousLogin: req.session.previousLogin ?? null,
      logins: await recentLogins(ctx, req.user!.id, 5),
      counts,
    });
  });
}
