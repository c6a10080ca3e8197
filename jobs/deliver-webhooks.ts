// Bree job (every WEBHOOK_TICK_MS): delivers due webhooks; housekeeping of Idempotency-Keys.
import { purgeIdempotencyKeys } from '../src/api/idempotency.js';
import { deliverDueWebhooks } from '../src/webhooks/deliver.js';
import { runJob } from './lib/worker-runtime.js';

await runJob('deliver-webhooks', async (rt) => {
  const sendWhatsApp = (toPhone: string, text: string) => rt.request<void>('send-whatsapp', { toPhone, text });
  const total = { delivered: 0, failed: 0, retried: 0 };
  // Batches until none is due (or cancelled): a burst of events drains in one run.
  for (let i = 0; i < 50 && !rt.cancelled; i++) {
    const r = await deliverDueWebhooks(rt.ctx, { sendWhatsApp, cancelled: () => rt.cancelled });
    total.delivered += r.delivered; total.failed += r.failed; total.retried += r.retried;
    if (r.delivered + r.failed + r.retried === 0) break;
  }
  const purgedKeys = await purgeIdempotencyKeys(rt.ctx.db);
  return { ...total, purgedKeys };
});
