// Bree job, every SEND_TICK_MS: for each sender session this process owns, claim due rows
// (src/dispatch/claim.ts) and hand them to the main thread, which sends and records them.
// A sender loops while it has due rows (pacing 0 senders drain in batches); the run ends
// when none is due, on 'cancel' (after the batch in hand is handed over), or after its budget.
import type { ClaimedBatch } from '../src/dispatch/claim.js';
import { claimForSender } from '../src/dispatch/claim.js';
import type { DispatchResult } from '../src/dispatch/dispatcher.js';
import { runJob } from './lib/worker-runtime.js';

await runJob('send-campaigns', async (rt) => {
  const { ctx, data } = rt;
  const deadline = Date.now() + (data.runBudgetMs ?? 50_000);
  const owned = await rt.request<number[]>('owned-sessions');
  const totals = { batches: 0, sent: 0, failed: 0, requeued: 0, paused: 0 };
  await Promise.all(owned.map(async (sessionId) => {
    while (!rt.cancelled && Date.now() < deadline) {
      const batch: ClaimedBatch | undefined = await claimForSender(ctx.db, ctx.config, ctx.clock, sessionId, { ownerId: data.ownerId });
      if (!batch) return;
      // Claimed rows are always handed over, even when cancelled meanwhile: the main
      // thread requeues what it does not send, so no row stays half-claimed.
      const r = await rt.request<DispatchResult>('dispatch', batch);
      totals.batches++; totals.sent += r.sent; totals.failed += r.failed; totals.requeued += r.requeued;
      if (r.paused) { totals.paused++; return; }
      if (r.requeued) return;
    }
  }));
  return totals;
});
