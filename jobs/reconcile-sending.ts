// Bree job: rows left "sending" by a crash become sent (proved) or uncertain (refunded, never resent).
// Campaigns this completes get their owner's notice, as the dispatcher's do.
import { completionNotice } from '../src/campaigns/completion-notice.js';
import { noticeOwner } from '../src/dispatch/notify-owner.js';
import { reconcileInFlight } from '../src/dispatch/reconcile.js';
import { runJob } from './lib/worker-runtime.js';

await runJob('reconcile-sending', async (rt) => {
  const result = await reconcileInFlight(rt.ctx);
  const send = (toPhone: string, text: string) => rt.request<void>('send-whatsapp', { toPhone, text });
  for (const id of result.completed) {
    const done = await completionNotice(rt.ctx, id);
    if (done) await noticeOwner(rt.ctx.db, send, done.accountId, done.notice).catch((e) => rt.ctx.log.warn({ err: e, campaignId: id }, 'completion notice not sent'));
  }
  return { ...result };
});
