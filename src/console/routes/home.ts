// The overview: the business at a glance (messages, credits, campaigns, senders, failures),
// then the user's previous sign-ins (so a stranger's login is noticed).
import type { Ctx } from '../../context.js';
import { t, isMessageKey } from '../../i18n/t.js';
import { getOverview } from '../../overview.js';
import type { ConsoleRoutes } from '../http.js';
import { recentLogins } from '../login.js';
import { renderDailyChart } from '../svg-chart.js';
import { render } from '../views.js';

const HEALTH_LABELS: Record<string, string> = {
  open: 'connected', paused: 'paused', needs_relink: 'needs relinking', disconnected: 'not connected',
};

export function mountHomePage(routes: ConsoleRoutes, ctx: Ctx): void {
  routes.get('/', 'viewer', async (req, res) => {
    const overview = await getOverview(ctx.db);
    const reasonLabel = (r: string) => { const k = `reason.outbox.${r}`; return isMessageKey(k) ? t('en', k) : r; };
    render(res, 'home', {
      title: 'Overview',
      previousLogin: req.session.previousLogin ?? null,
      logins: await recentLogins(ctx, req.user!.id, 5),
      counts: overview.counts,
      overview,
      chart: renderDailyChart(overview.days),
      health: overview.senderHealth.map((h) => ({ ...h, label: HEALTH_LABELS[h.health] ?? h.health })),
      failures: overview.failures.map((f) => ({ ...f, label: reasonLabel(f.reason) })),
    });
  });
}
