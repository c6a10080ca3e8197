// The audit log: every administrative action and every command that spent credits,
// newest first, filterable by account and action.
import { listAuditLog } from '../../audit.js';
import type { Ctx } from '../../context.js';
import type { ConsoleRoutes } from '../http.js';
import { render } from '../views.js';

export function mountAuditPage(routes: ConsoleRoutes, ctx: Ctx): void {
  routes.get('/audit', 'viewer', async (req, res) => {
    const account = /^\d{1,9}$/.test(String(req.query.account ?? '')) ? Number(req.query.account) : null;
    const action = typeof req.query.action === 'string' ? req.query.action.trim().slice(0, 64) : '';
    const before = /^\d{1,18}$/.test(String(req.query.before ?? '')) ? Number(req.query.before) : null;
    const { rows: page, more } = await listAuditLog(ctx.db, { accountId: account, action, beforeId: before });
    const nextQuery = more ? new URLSearchParams({ ...(account ? { account: String(account) } : {}), ...(action ? { action } : {}), before: String(page.at(-1)!.id) }).toString() : null;
    render(res, 'audit', { title: 'Audit log', rows: page, account, action, nextQuery });
  });
}
