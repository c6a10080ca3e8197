// Data rights: an account's data as JSON, and erasure with a typed confirmation (the
// account's exact name). Both audited; what erasure keeps is decided in src/account-data.ts.
import { eraseAccount, exportAccountData } from '../../account-data.js';
import { getAccount } from '../../accounts.js';
import { audit } from '../../audit.js';
import type { Ctx } from '../../context.js';
import { actorOf, field, flash, formAction, HttpError, idParam, type ConsoleRoutes } from '../http.js';
import { render } from '../views.js';

export function mountDataRightsPages(routes: ConsoleRoutes, ctx: Ctx): void {
  const load = async (id: number) => {
    const account = await getAccount(ctx.db, id);
    if (!account) throw new HttpError(404, `There is no account ${id}.`);
    return account;
  };

  routes.get('/accounts/:id/export.json', 'admin', async (req, res) => {
    const account = await load(idParam(req));
    const data = await exportAccountData(ctx, account.id);
    await audit(ctx.db, actorOf(req), 'account.export', account.id, { by: 'console' });
    res.attachment(`account-${account.id}-export.json`).type('application/json').send(JSON.stringify(data, null, 2));
  });

  routes.get('/accounts/:id/erase', 'admin', async (req, res) => {
    const account = await load(idParam(req));
    render(res, 'erase', { title: `Erase ${account.name}`, account });
  });

  routes.post('/accounts/:id/erase', 'admin', formAction(async (req) => {
    const account = await load(idParam(req));
    if (account.status === 'erased') throw new RangeError('this account is already erased');
    if (field(req, 'confirmName') !== account.name) throw new RangeError(`type the account's name exactly ("${account.name}") to erase it`);
    const r = await eraseAccount(ctx, account.id, actorOf(req));
    flash(req, 'ok', `Account erased: ${r.campaignsCancelled} campaign(s) cancelled, ${r.creditsReleased} reserved credit(s) released. Invoices, payments and the credit ledger are kept for the billing retention period.`);
    return `/accounts/${account.id}`;
  }, (req) => `/accounts/${req.params.id}/erase`));
}
