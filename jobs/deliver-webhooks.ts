// Bree job (started every WEBHOOK_TICK_MS when not running): delivers due webhooks, then stays
// for the run budget waiting for NOTIFY webhook_deliveries (sent by the commit that queued
// deliveries, migration 0520) or WEBHOOK_TICK_MS (retries coming due), whichever comes first.
// A worker that ended after each drain meant a receipt waited for the next tick and a worker
// start (bench/api.ts). Housekeeping of Idempotency-Keys at the end of each run.
import { purgeIdempotencyKeys } from '../src/api/idempotency.js';
import { deliverDueWebhooks } from '../src/webhooks/deliver.js';
import { runJob } from './lib/worker-runtime.js';

await runJob('deliver-webhooks', async (rt) => {
  const sendWhatsApp = (toPhone: string, text: string) => rt.request<void>('send-whatsapp', { toPhone, text });
  const total = { delivered: 0, failed: 0, retried: 0 };
  const deadline = Date.now() + (rt.data.runBudgetMs ?? 50_000);
  const pollMs = rt.ctx.config.webhookTickMs;
  await rt.ctx.db.withClient(async (listener) => {
    let notified = false;
    let wake = () => undefined as void;
    const onNotify = () => { notified = true; wake(); };
    listener.on('notification', onNotify);
    await listener.query('LISTEN webhook_deliveries');
    try {
      while (!rt.cancelled && Date.now() < deadline) {
        notified = false;
        const r = await deliverDueWebhooks(rt.ctx, { sendWhatsApp, cancelled: () => rt.cancelled });
        total.delivered += r.delivered; total.failed += r.failed; total.retried += r.retried;
        if (r.delivered + r.failed + r.retried > 0 || notified) continue; // more may be due
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => { clearTimeout(timer); resolve(); };
        });
        wake = () => undefined;
      }
    } finally {
      listener.off('notification', onNotify);
      await listener.query('UNLISTEN webhook_deliveries').catch(() => undefined);
    }
  });
  const purgedKeys = await purgeIdempotencyKeys(rt.ctx.db);
  return { ...total, purgedKeys };
});
