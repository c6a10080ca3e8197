// Webhook endpoints, their delivery log and replay, through the API.
import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../webhooks/events.js';
import { createWebhookEndpoint, getWebhookEndpoint, listWebhookEndpoints, rotateWebhookSecret, setWebhookEnabled, type WebhookEndpoint } from '../webhooks/endpoints.js';
import { listDeliveries, replayDelivery } from '../webhooks/deliver.js';
import { WebhookNotFoundError } from './errors.js';
import { route, type ApiRoute } from './registry.js';

const Iso = z.iso.datetime({ offset: true });
const Endpoint = z.object({ id: z.number().int(), url: z.string(), events: z.array(z.string()), enabled: z.boolean(), disabled_reason: z.string().nullable(), created_at: Iso }).meta({ id: 'WebhookEndpoint' });
const IdParam = z.object({ id: z.coerce.number().int().positive() });
const out = (e: WebhookEndpoint) => ({ id: e.id, url: e.url, events: e.events, enabled: e.enabled, disabled_reason: e.disabled_reason, created_at: e.created_at.toISOString() });

export function webhookRoutes(): ApiRoute[] {
  return [
    route({
      method: 'post', path: '/webhooks', operationId: 'createWebhook', tag: 'webhooks', status: 201,
      summary: 'Register an endpoint; the signing secret is in this answer only',
      body: z.object({ url: z.url().max(2000), events: z.array(z.enum(WEBHOOK_EVENTS)).min(1) }),
      response: Endpoint.extend({ secret: z.string().describe('whsec_…: verify webhook-signature with it (Standard Webhooks)') }),
      async handler({ ctx, account, actor, body }) {
        const e = await createWebhookEndpoint(ctx, account.id, body, actor);
        return { ...out(e), secret: e.secret };
      },
    }),
    route({
      method: 'get', path: '/webhooks', operationId: 'listWebhooks', tag: 'webhooks', summary: 'The endpoints of the account',
      response: z.object({ items: z.array(Endpoint) }),
      async handler({ ctx, account }) { return { items: (await listWebhookEndpoints(ctx.db, account.id)).map(out) }; },
    }),
    route({
      method: 'post', path: '/webhooks/{id}/rotate-secret', operationId: 'rotateWebhookSecret', tag: 'webhooks',
      summary: 'A new secret; deliveries carry signatures by the old and the new one for 24 hours',
      params: IdParam, response: z.object({ id: z.number().int(), secret: z.string() }),
      async handler({ ctx, account, actor, params }) { return rotateWebhookSecret(ctx, account.id, params.id, actor); },
    }),
    ...(['enable', 'disable'] as const).map((verb) => route({
      method: 'post', path: `/webhooks/{id}/${verb}`, operationId: `${verb}Webhook`, tag: 'webhooks', summary: verb === 'enable' ? 'Turn an endpoint on again' : 'Stop sending to an endpoint',
      params: IdParam, response: Endpoint,
      async handler({ ctx, account, actor, params }) { return out(await setWebhookEnabled(ctx, account.id, params.id, verb === 'enable', actor)); },
    })),
    route({
      method: 'get', path: '/webhooks/{id}/deliveries', operationId: 'listWebhookDeliveries', tag: 'webhooks', summary: 'The delivery log, newest first',
      params: IdParam,
      response: z.object({ items: z.array(z.object({ id: z.number().int(), webhook_id: z.string(), type: z.string(), status: z.enum(['pending', 'delivered', 'failed']),
        attempts: z.number().int(), last_status: z.number().int().nullable(), last_error: z.string().nullable(), created_at: Iso, delivered_at: Iso.nullable() })) }),
      async handler({ ctx, account, params }) {
        await getWebhookEndpoint(ctx.db, account.id, params.id);
        return { items: (await listDeliveries(ctx, account.id, params.id)).map((d) => ({ ...d, created_at: d.created_at.toISOString(), delivered_at: d.delivered_at?.toISOString() ?? null })) };
      },
    }),
    route({
      method: 'post', path: '/webhooks/{id}/deliveries/{delivery}/replay', operationId: 'replayWebhookDelivery', tag: 'webhooks',
      summary: 'Send a delivery again now, with the same webhook-id',
      params: z.object({ id: z.coerce.number().int().positive(), delivery: z.coerce.number().int().positive() }), response: z.object({ ok: z.literal(true) }),
      async handler({ ctx, account, params }) {
        if (!(await replayDelivery(ctx, account.id, params.id, params.delivery))) throw new WebhookNotFoundError(`${params.id}/${params.delivery}`);
        return { ok: true as const };
      },
    }),
  ];
}
