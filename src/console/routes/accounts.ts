// Accounts: create and edit, members and their roles, plans and subscriptions, payments,
// suspension. Thin callers of the account, billing and credit services.
import { recentAccountRecords } from '../../account-data.js';
import { addMember, createAccount, getAccount, listAccounts, reactivateAccount, removeMember, setMemberRole, suspendAccount, updateAccount, type MemberRole } from '../../accounts.js';
import { recordPayment, PAYMENT_METHODS, type PaymentMethod } from '../../billing/payments.js';
import { createPlan, listPlans, updatePlan, PERIODS, type Period, type PlanInput } from '../../billing/plans.js';
import { subscribe } from '../../billing/subscriptions.js';
import { decideTopupRequest, listPendingTopupRequests, noticeTopupDecided } from '../../billing/topup-requests.js';
import type { Ctx } from '../../context.js';
import { getBalance } from '../../credits.js';
import { sendViaOperatorSession, type ChannelSource } from '../../dispatch/notify-owner.js';
import { LANGS, type Lang } from '../../i18n/lang.js';
import { actorOf, field, flash, formAction, HttpError, idParam, type ConsoleRoutes } from '../http.js';
import { render } from '../views.js';

/** A whole number from a form field; '' gives `empty`. */
function wholeNumber(raw: string, what: string, empty?: number): number {
  if (raw === '' && empty !== undefined) return empty;
  const clean = raw.replace(/[,\s_]/g, '');
  if (!/^\d{1,10}$/.test(clean) || Number(clean) > 2_000_000_000) throw new RangeError(`${what} must be a whole number, got "${raw}"`);
  return Number(clean);
}

/** An amount typed as "1500" or "1500.50" in the currency's main unit, as minor units. */
function money(raw: string): number {
  const m = /^(\d{1,9})(?:[.,](\d{1,2}))?$/.exec(raw.replace(/[\s_]/g, ''));
  if (!m) throw new RangeError(`the amount must look like 1500 or 1500.50, got "${raw}"`);
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

function planInput(req: Parameters<typeof field>[0]): PlanInput {
  const opt = (name: string, what: string) => (field(req, name) === '' ? undefined : wholeNumber(field(req, name), what));
  const period = field(req, 'period');
  const price = field(req, 'price');
  return {
    priceMinor: price === '' ? undefined : money(price),
    period: period ? (period as Period) : undefined,
    dailyLimit: opt('dailyLimit', 'daily limit'),
    sendersAllowed: opt('sendersAllowed', 'senders allowed'),
    minCampaignSize: opt('minCampaignSize', 'minimum campaign size'),
    creditsPerMessage: opt('creditsPerMessage', 'credits per message'),
  };
}

export function mountAccountPages(routes: ConsoleRoutes, ctx: Ctx, sessions?: ChannelSource): void {
  routes.get('/accounts', 'viewer', async (_req, res) => {
    const topups = await listPendingTopupRequests(ctx.db);
    render(res, 'accounts', { title: 'Accounts', accounts: await listAccounts(ctx.db), plans: await listPlans(ctx.db), topups });
  });

  routes.post('/accounts', 'admin', formAction(async (req) => {
    const { account } = await createAccount(ctx.db, {
      name: field(req, 'name'), ownerPhone: field(req, 'ownerPhone'), ownerName: field(req, 'ownerName') || undefined,
      planName: field(req, 'plan') || undefined, credits: wholeNumber(field(req, 'credits'), 'credits', 0),
      defaultCountry: field(req, 'country') || ctx.config.defaultCountry,
      sandboxSender: ctx.config.waTransport === 'sandbox',
    }, actorOf(req));
    flash(req, 'ok', `Account "${account.name}" created.`);
    return `/accounts/${account.id}`;
  }, () => '/accounts'));

  routes.get('/accounts/:id', 'viewer', async (req, res) => {
    const id = idParam(req);
    const account = await getAccount(ctx.db, id);
    if (!account) throw new HttpError(404, `There is no account ${id}.`);
    render(res, 'account', {
      title: account.name, account, languages: LANGS,
      balance: await getBalance(ctx.db, id),
      plans: await listPlans(ctx.db),
      ...(await recentAccountRecords(ctx.db, id)),
      methods: PAYMENT_METHODS, periods: PERIODS,
    });
  });

  const back = (req: Parameters<typeof idParam>[0]) => `/accounts/${req.params.id}`;

  routes.post('/accounts/:id', 'admin', formAction(async (req) => {
    await updateAccount(ctx.db, idParam(req), {
      name: field(req, 'name'), planName: field(req, 'plan') || undefined, defaultCountry: field(req, 'country') || undefined,
      language: (field(req, 'language') || undefined) as Lang | undefined, timezone: field(req, 'timezone') || undefined,
    }, actorOf(req));
    flash(req, 'ok', 'Account saved.');
  }, back));

  routes.post('/accounts/:id/members', 'admin', formAction(async (req) => {
    const m = await addMember(ctx.db, idParam(req), field(req, 'phone'), (field(req, 'role') || 'manager') as MemberRole, actorOf(req), field(req, 'name') || undefined);
    flash(req, 'ok', `${m.phone} added as ${m.role}.`);
  }, back));

  routes.post('/accounts/:id/members/:memberId/role', 'admin', formAction(async (req) => {
    await setMemberRole(ctx.db, idParam(req), idParam(req, 'memberId'), field(req, 'role') as MemberRole, actorOf(req));
    flash(req, 'ok', 'Role changed.');
  }, back));

  routes.post('/accounts/:id/members/:memberId/remove', 'admin', formAction(async (req) => {
    await removeMember(ctx.db, idParam(req), idParam(req, 'memberId'), actorOf(req));
    flash(req, 'ok', 'Member removed.');
  }, back));

  routes.post('/accounts/:id/suspend', 'admin', formAction(async (req) => {
    const id = idParam(req);
    if (!(await getAccount(ctx.db, id))) throw new HttpError(404, `There is no account ${id}.`);
    const reason = field(req, 'reason');
    if (!reason) throw new RangeError('say why the account is suspended; the owner is told');
    await suspendAccount(ctx.db, id, reason, actorOf(req));
    flash(req, 'ok', 'Account suspended; its running campaigns are paused.');
  }, back));

  routes.post('/accounts/:id/reactivate', 'admin', formAction(async (req) => {
    const id = idParam(req);
    if (!(await getAccount(ctx.db, id))) throw new HttpError(404, `There is no account ${id}.`);
    await reactivateAccount(ctx.db, id, actorOf(req));
    flash(req, 'ok', 'Account reactivated. Paused campaigns stay paused until resumed.');
  }, back));

  routes.post('/accounts/:id/subscriptions', 'admin', formAction(async (req) => {
    const { invoice } = await subscribe(ctx.db, ctx.clock, { accountId: idParam(req), planId: wholeNumber(field(req, 'planId'), 'plan') }, actorOf(req));
    flash(req, 'ok', `Subscribed; invoice ${invoice.id} issued.`);
  }, back));

  routes.post('/accounts/:id/payments', 'admin', formAction(async (req) => {
    const invoice = field(req, 'invoiceId');
    const r = await recordPayment(ctx, {
      accountId: idParam(req), amountMinor: money(field(req, 'amount') || '0'), method: field(req, 'method') as PaymentMethod,
      reference: field(req, 'reference'), credits: wholeNumber(field(req, 'credits'), 'credits', 0),
      invoiceId: invoice ? wholeNumber(invoice, 'invoice') : undefined, adminId: req.user!.id,
    }, actorOf(req));
    flash(req, 'ok', `Payment ${r.paymentId} recorded${r.creditsAdded ? `: ${r.creditsAdded} credits added` : ''}${r.invoicePaid ? `, invoice ${r.invoicePaid} paid` : ''}${r.reactivated ? ', account reactivated' : ''}.`);
  }, back));

  for (const [path, decision] of [['approve', 'approved'], ['reject', 'rejected']] as const) {
    routes.post(`/topups/:id/${path}`, 'admin', formAction(async (req) => {
      const id = idParam(req);
      const r = await decideTopupRequest(ctx.db, id, decision, req.user!.id, actorOf(req));
      if (sessions) await noticeTopupDecided(ctx, sendViaOperatorSession(ctx.db, sessions), id, decision, r);
      flash(req, 'ok', decision === 'approved' ? `${r.credits} credits added.` : 'Top-up request rejected.');
    }, () => '/accounts#topups'));
  }

  routes.get('/plans', 'viewer', async (_req, res) => {
    render(res, 'plans', { title: 'Plans', plans: await listPlans(ctx.db), periods: PERIODS });
  });
  routes.post('/plans', 'admin', formAction(async (req) => {
    const p = await createPlan(ctx.db, { ...planInput(req), name: field(req, 'name') }, actorOf(req));
    flash(req, 'ok', `Plan "${p.name}" created.`);
  }, () => '/plans'));
  routes.post('/plans/:id', 'admin', formAction(async (req) => {
    const p = await updatePlan(ctx.db, idParam(req), planInput(req), actorOf(req));
    flash(req, 'ok', `Plan "${p.name}" saved.`);
  }, () => '/plans'));
}
