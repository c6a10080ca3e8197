// The audit log: every administrative action and every command that spent credits,
// newest first, filterable by account and action.
import type { Ctx } from '../../context.js';
import type { ConsoleRoutes } from '../http.js';
import { render } from '../views.js';

export const AUDIT_PAGE_SIZE = 100;

export function mountAuditPage(routes: ConsoleRoutes, ctx: Ctx): void {
  routes.get('/audit', 'viewer', async (req, res) => {
    const account = /^\d{1,9}$/.test(String(req.query.account ?? '')) ? Number(req.query.account) : null;
    const action = typeof req.query.action === 'string' ? req.query.action.trim().slice(0, 64) : '';
    const before = /^\d{1,18}$/.test(String(req.query.before ?? '')) ? Number(req.query.before) : null;
    const rows = await ctx.db.query<{ id: number }>(
      `SELECT l.id, l.at, l.actor_type, l.actor_label, l.account_id, a.name AS account_name, l.action, l.details, l.ip
         FROM audit_log l LEFT JOIN accounts a ON a.id = l.account_id
        WHERE ($1::int IS NULL OR l.account_id = $1)
          AND ($2 = '' OR l.action LIKE $2 || '%')
          AND ($3::bigint IS NULL OR l.id < $3)
        ORDER BY l.id DESC LIMIT $4`,
      [account, action, before, AUDIT_PAGE_SIZE + 1]);
    const more = rows.length > AUDIT_PAGE_SIZE;
    const page = rows.slice(0, AUDIT_PAGE_SIZE);
    const nextQuery = more ? new URLSearchParams({ ...(account ? { account: String(account) } : {}), ...(action ? { action } : {}), before: String(page.at(-1)!.id) }).toString() : null;
    render(res, 'audit', { title: 'Audit log', rows: page, account, action, nextQuery });
  });
}
