// The console's API page of an account: tokens (create, shown once on the answer page and
// never stored in the session; revoke); webhooks have their own page (routes/webhooks.ts).
import { createApiToken, listApiTokens, revokeApiToken } from '../../api/tokens.js';
import { apiCallsToday } from '../../api/limits.js';
import { getAccount } from '../../accounts.js';
import type { Ctx } from '../../context.js';
import { listWebhookEndpoints } from '../../webhooks/endpoints.js';
import { actorOf, field, flash, formAction, HttpError, idParam, type ConsoleRoutes } from '../http.js';
import { render } from '../views.js';

export function mountApiAccessPages(routes: ConsoleRoutes, ctx: Ctx): void {
  const page = async (accountId: number, newToken?: { name: string; token: string }) => {
    const account = await getAccount(ctx.db, accountId);
    if (!account) throw new HttpError(404, 'There is no such account.');
    const endpoints = await listWebhookEndpoints(ctx.db, accountId);
    return { title: `API — ${account.name}`, account, tokens: await listApiTokens(ctx.db, accountId), callsToday: await apiCallsToday(ctx.db, accountId), endpoints, newToken };
  };
  routes.get('/accounts/:id/api', 'admin', async (req, res) => {
    render(res, 'api-access', await page(idParam(req)));
  });
  routes.post('/accounts/:id/api/tokens', 'admin', async (req, res) => {
    const id = idParam(req);
    try {
      const tok = await createApiToken(ctx, id, { name: field(req, 'name') || undefined, readOnly: field(req, 'readOnly') === 'yes' }, actorOf(req));
      res.setHeader('Cache-Control', 'no-store');
      render(res, 'api-access', await page(id, { name: tok.name, token: tok.token }));
    } catch (e) {
      if (!(e instanceof Error) || !('code' in e)) throw e;
      flash(req, 'error', e.message);
      res.redirect(303, `/accounts/${id}/api`);
    }
  });
  routes.post('/accounts/:id/api/tokens/revoke', 'admin', formAction(async (req) => {
    const r = await revokeApiToken(ctx, idParam(req), field(req, 'prefix'), actorOf(req));
    flash(req, 'ok', `Token "${r.name}" revoked.`);
  }, (req) => `/accounts/${idParam(req)}/api`));
}
