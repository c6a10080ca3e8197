// The console's webhooks page of an account (issue 15 item 5): register an endpoint (URL and
// events; the signing secret is shown once, on the answer page only, never in the session),
// rotate the secret (the old one keeps signing for 24 hours), disable and enable, and each
// endpoint's delivery log with replay (the same webhook-id). The same services as the API.
import type { Request, Response } from 'express';
import { getAccount } from '../../accounts.js';
import { isAppError } from '../../app-error.js';
import type { Ctx } from '../../context.js';
import { listDeliveries, replayDelivery } from '../../webhooks/deliver.js';
import { createWebhookEndpoint, getWebhookEndpoint, listWebhookEndpoints, rotateWebhookSecret, setWebhookEnabled } from '../../webhooks/endpoints.js';
import { WEBHOOK_EVENTS, type WebhookEventType } from '../../webhooks/events.js';
import { actorOf, field, flash, formAction, HttpError, idParam, type ConsoleRoutes } from '../http.js';
import { render } from '../views.js';

/** The event checkboxes ticked on the form (one value or several, as a browser sends them). */
function eventsOf(req: Request): WebhookEventType[] {
  const raw = (req.body as Record<string, unknown> | undefined)?.events;
  const ticked = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
  return WEBHOOK_EVENTS.filter((e) => ticked.includes(e));
}

export function mountWebhookPages(routes: ConsoleRoutes, ctx: Ctx): void {
  const accountOf = async (req: Request) => {
    const account = await getAccount(ctx.db, idParam(req));
    if (!account) throw new HttpError(404, 'There is no such account.');
    return account;
  };
  const listPage = async (req: Request, res: Response, extra: { newSecret?: { id: number; url: string; secret: string; rotated: boolean } } = {}) => {
    const account = await accountOf(req);
    const endpoints = await listWebhookEndpoints(ctx.db, account.id);
    if (extra.newSecret) res.setHeader('Cache-Control', 'no-store');
    render(res, 'webhooks', { title: `Webhooks — ${account.name}`, account, endpoints, events: WEBHOOK_EVENTS, ...extra });
  };
  const back = (req: Request) => `/accounts/${idParam(req)}/webhooks`;

  routes.get('/accounts/:id/webhooks', 'admin', async (req, res) => { await listPage(req, res); });

  routes.post('/accounts/:id/webhooks', 'admin', async (req, res) => {
    const account = await accountOf(req);
    const events = eventsOf(req);
    try {
      if (!events.length) throw new RangeError('Tick at least one event.');
      const e = await createWebhookEndpoint(ctx, account.id, { url: field(req, 'url'), events }, actorOf(req));
      await listPage(req, res, { newSecret: { id: e.id, url: e.url, secret: e.secret, rotated: false } });
    } catch (e) {
      if (!(e instanceof RangeError) && !isAppError(e)) throw e;
      flash(req, 'error', (e as Error).message);
      res.redirect(303, back(req));
    }
  });

  routes.post('/accounts/:id/webhooks/:endpoint/rotate', 'admin', async (req, res) => {
    const account = await accountOf(req);
    const endpoint = await getWebhookEndpoint(ctx.db, account.id, idParam(req, 'endpoint')).catch(() => { throw new HttpError(404, 'There is no such endpoint.'); });
    const r = await rotateWebhookSecret(ctx, account.id, endpoint.id, actorOf(req));
    await listPage(req, res, { newSecret: { id: r.id, url: endpoint.url, secret: r.secret, rotated: true } });
  });

  for (const verb of ['enable', 'disable'] as const) {
    routes.post(`/accounts/:id/webhooks/:endpoint/${verb}`, 'admin', formAction(async (req) => {
      const e = await setWebhookEnabled(ctx, idParam(req), idParam(req, 'endpoint'), verb === 'enable', actorOf(req));
      flash(req, 'ok', verb === 'enable' ? `Deliveries to ${e.url} are on again.` : `Nothing more is sent to ${e.url} until you enable it.`);
    }, back));
  }

  routes.get('/accounts/:id/webhooks/:endpoint', 'admin', async (req, res) => {
    const account = await accountOf(req);
    const endpoint = await getWebhookEndpoint(ctx.db, account.id, idParam(req, 'endpoint')).catch(() => { throw new HttpError(404, 'There is no such endpoint.'); });
    const deliveries = await listDeliveries(ctx, account.id, endpoint.id, 100);
    render(res, 'webhook-deliveries', { title: `Deliveries — ${endpoint.url}`, account, endpoint, deliveries });
  });

  routes.post('/accounts/:id/webhooks/:endpoint/deliveries/:delivery/replay', 'admin', formAction(async (req) => {
    const ok = await replayDelivery(ctx, idParam(req), idParam(req, 'endpoint'), idParam(req, 'delivery'));
    flash(req, ok ? 'ok' : 'error', ok ? 'Delivery queued again (same webhook-id).' : 'There is no such delivery.');
  }, (req) => `/accounts/${idParam(req)}/webhooks/${idParam(req, 'endpoint')}`));
}
