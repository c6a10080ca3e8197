// Webhook delivery (Standard Webhooks): a batch of due deliveries is claimed with SKIP LOCKED
// and a short lease (a crashed process's claims come due again: at least once, same id),
// POSTed with webhook-id (stable across retries), webhook-timestamp and webhook-signature
// (v1,<base64 HMAC-SHA256 of id.timestamp.body>, one per valid secret), 10 s timeout.
// 2xx: delivered. 4xx other than 408/409/429: failed, no retry. Else the next retry of
// RETRY_SCHEDULE_S; an endpoint failing for 5 days is disabled and its owner told.
import { Webhook } from 'standardwebhooks';
import type { Ctx } from '../context.js';
import { noticeOwner, type SendWhatsApp } from '../dispatch/notify-owner.js';
import { checkWebhookUrl, signingSecrets } from './endpoints.js';

/** Seconds before each attempt after the first: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const RETRY_SCHEDULE_S = [5, 300, 1800, 7200, 18000, 36000, 36000];
export const TIMEOUT_MS = 10_000;
export const DISABLE_AFTER_MS = 5 * 86400_000;
const LEASE_S = 30;

export const webhookId = (eventId: number) => `msg_${eventId}`;

/** A delivery is due (the scheduler's check before starting the job's worker). */
export async function hasDueWebhooks(q: Pick<Ctx['db'], 'one'>): Promise<boolean> {
  return Boolean((await q.one<{ due: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
                     WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND (d.locked_until IS NULL OR d.locked_until < now())) AS due`))?.due);
}

interface Due {
  id: number; event_id: number; attempts: number; type: string; payload: unknown; event_at: Date; account_id: number;
  endpoint_id: number; url: string; secret_enc: Buffer; previous_secret_enc: Buffer | null; previous_secret_until: Date | null; failing_since: Date | null;
}

export function retryable(status: number | null): boolean {
  return status === null || status >= 500 || status === 408 || status === 409 || status === 429;
}

export async function deliverDueWebhooks(ctx: Ctx, opts: { limit?: number; sendWhatsApp?: SendWhatsApp; cancelled?: () => boolean } = {}): Promise<{ delivered: number; failed: number; retried: number }> {
  const due = await ctx.db.query<Due>(
    `WITH c AS (
       SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.enabled
        WHERE d.status = 'pending' AND d.next_attempt_at <= now() AND (d.locked_until IS NULL OR d.locked_until < now())
        ORDER BY d.event_id LIMIT $1 FOR UPDATE OF d SKIP LOCKED)
     UPDATE webhook_deliveries d SET locked_until = now() + make_interval(secs => $2) FROM c, webhook_events ev, webhook_endpoints e
      WHERE d.id = c.id AND ev.id = d.event_id AND e.id = d.endpoint_id
     RETURNING d.id, d.event_id, d.attempts, ev.type, ev.payload, ev.created_at AS event_at, ev.account_id, e.id AS endpoint_id, e.url,
               e.secret_enc, e.previous_secret_enc, e.previous_secret_until, e.failing_since`,
    [opts.limit ?? 200, LEASE_S]);
  const out = { delivered: 0, failed: 0, retried: 0 };
  const byEndpoint = new Map<number, Due[]>();
  for (const d of due.sort((a, b) => a.event_id - b.event_id)) (byEndpoint.get(d.endpoint_id) ?? byEndpoint.set(d.endpoint_id, []).get(d.endpoint_id)!).push(d);
  await Promise.all([...byEndpoint.values()].map(async (list) => {
    // Once per endpoint and batch, not per delivery: the URL check (DNS may have changed since
    // registration) and the secrets (decrypted, a Webhook signer each).
    const first = list[0]!;
    const target = await checkWebhookUrl(ctx, first.url).then(() => null, (e: Error) => String(e.message ?? e).slice(0, 300));
    const signers = target === null ? signingSecrets(ctx, first, new Date()).map((s) => new Webhook(s)) : [];
    // Lanes: the events of one message keep their order (one lane, one at a time); different
    // messages go in parallel, LANES requests in flight per endpoint.
    const lanes = Array.from({ length: LANES }, () => [] as Due[]);
    for (const d of list) lanes[laneOf(d) % LANES]!.push(d);
    await Promise.all(lanes.map(async (lane) => {
      for (const d of lane) {
        if (opts.cancelled?.()) return; // lease runs out; picked up again
        const r = await attempt(ctx, d, signers, target);
        if (r === 'delivered') out.delivered++; else if (r === 'failed') out.failed++; else out.retried++;
        if (r !== 'delivered') await maybeDisable(ctx, d, opts.sendWhatsApp);
      }
    }));
  }));
  return out;
}

/** Requests in flight per endpoint (each lane keeps its events in order). */
export const LANES = 8;

/** A delivery's lane: by the message it reports (so its events stay in order), else the endpoint's first lane. */
function laneOf(d: Due): number {
  const key = (d.payload as { message_id?: unknown } | null)?.message_id;
  if (typeof key !== 'string') return 0;
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h);
}

async function attempt(ctx: Ctx, d: Due, signers: Webhook[], refused: string | null): Promise<'delivered' | 'failed' | 'retry'> {
  const id = webhookId(d.event_id);
  const body = JSON.stringify({ type: d.type, timestamp: d.event_at.toISOString(), data: d.payload });
  const now = new Date();
  const started = Date.now();
  let status: number | null = null;
  let error: string | null = refused;
  if (refused === null) {
    try {
      const signature = signers.map((w) => w.sign(id, now, body)).join(' ');
      const res = await fetch(d.url, {
        method: 'POST', body, redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: { 'content-type': 'application/json', 'user-agent': 'wa-chatops-webhooks/1', 'webhook-id': id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature },
      });
      status = res.status;
      await res.body?.cancel().catch(() => undefined);
    } catch (e) {
      error = (e as Error).name === 'TimeoutError' ? 'timeout after 10 s' : String((e as Error).message ?? e).slice(0, 300);
    }
  }
  const ms = Date.now() - started;
  const ok = status !== null && status >= 200 && status < 300;
  const attempts = d.attempts + 1;
  const giveUp = !ok && (!retryable(status) || attempts > RETRY_SCHEDULE_S.length);
  // One statement (one round trip, its own transaction): the attempt, the delivery's state, and
  // the endpoint's failing mark (touched only when it changes, so parallel lanes do not queue on it).
  await ctx.db.exec(
    `WITH a AS (INSERT INTO webhook_attempts (delivery_id, http_status, error, ms) VALUES ($1, $3, $4, $7)),
          d AS (UPDATE webhook_deliveries SET attempts = $2, last_status = $3, last_error = $4, locked_until = NULL,
                       status = $5, delivered_at = CASE WHEN $5 = 'delivered' THEN now() END,
                       next_attempt_at = CASE WHEN $5 = 'pending' THEN now() + make_interval(secs => $6) ELSE next_attempt_at END
                 WHERE id = $1)
     UPDATE webhook_endpoints SET failing_since = CASE WHEN $5 = 'delivered' THEN NULL ELSE coalesce(failing_since, now()) END
      WHERE id = $8 AND (CASE WHEN $5 = 'delivered' THEN failing_since IS NOT NULL ELSE failing_since IS NULL END)`,
    [d.id, attempts, status, error, ok ? 'delivered' : giveUp ? 'failed' : 'pending', RETRY_SCHEDULE_S[attempts - 1] ?? 0, ms, d.endpoint_id]);
  return ok ? 'delivered' : giveUp ? 'failed' : 'retry';
}

async function maybeDisable(ctx: Ctx, d: Due, send?: SendWhatsApp): Promise<void> {
  const row = await ctx.db.one<{ url: string }>(
    `UPDATE webhook_endpoints SET enabled = false, disabled_reason = 'failing for 5 days'
      WHERE id = $1 AND enabled AND failing_since < now() - make_interval(secs => $2) RETURNING url`, [d.endpoint_id, DISABLE_AFTER_MS / 1000]);
  if (!row) return;
  ctx.log.warn({ endpointId: d.endpoint_id, accountId: d.account_id }, 'webhook endpoint disabled after 5 days of failures');
  if (send) await noticeOwner(ctx.db, send, d.account_id, { key: 'notice.webhook.disabled', params: { url: row.url } }).catch((e) => ctx.log.warn({ err: e }, 'owner not told of the disabled webhook'));
}

/** Sends a delivery again now (replay), whatever its state; the same webhook-id. */
export async function replayDelivery(ctx: Ctx, accountId: number, endpointId: number, deliveryId: number): Promise<boolean> {
  return (await ctx.db.exec(
    `UPDATE webhook_deliveries d SET status = 'pending', next_attempt_at = now(), locked_until = NULL
       FROM webhook_endpoints e WHERE d.id = $3 AND d.endpoint_id = $2 AND e.id = d.endpoint_id AND e.account_id = $1`, [accountId, endpointId, deliveryId])) > 0;
}

export async function listDeliveries(ctx: Ctx, accountId: number, endpointId: number, limit = 100) {
  return ctx.db.query<{ id: number; webhook_id: string; type: string; status: string; attempts: number; last_status: number | null; last_error: string | null; created_at: Date; delivered_at: Date | null }>(
    `SELECT d.id, 'msg_' || d.event_id AS webhook_id, ev.type, d.status, d.attempts, d.last_status, d.last_error, d.created_at, d.delivered_at
       FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id JOIN webhook_events ev ON ev.id = d.event_id
      WHERE e.account_id = $1 AND e.id = $2 ORDER BY d.id DESC LIMIT $3`, [accountId, endpointId, limit]);
}
