// Bree job, every SEND_TICK_MS: for each sender session this process owns, claim due rows
// (src/dispatch/claim.ts) and hand them to the main thread, which sends and records them.
// A sender that comes up empty is tried again shortly (it may be between paced sends, or
// its row briefly locked by a lease renewal), so a paced campaign does not need a new
// worker per message. The run ends once every sender has been empty for a while, on
// 'cancel' (after the batch in hand is handed over), or after its budget.
import type { ClaimedBatch } from '../src/dispatch/claim.js';
import { claimForSender } from '../src/dispatch/claim.js';
import type { DispatchResult } from '../src/dispatch/dispatcher.js';
import { runJob } from './lib/worker-runtime.js';

await runJob('send-campaigns', async (rt) => {
  const { ctx, data } = rt;
  const tick = ctx.config.sendTickMs;
  const deadline = Date.now() + (data.runBudgetMs ?? 50_000);
  const owned = await rt.request<number[]>('owned-sessions');
  const totals = { batches: 0, sent: 0, failed: 0, requeued: 0, paused: 0 };
  const idle = new Set<number>();
  const allIdle = () => idle.size === owned.length;
  // Sessions taken over or lost meanwhile end the run, so the next one drives the new set.
  let ownedChanged = false;
  const watch = setInterval(() => {
    rt.request<number[]>('owned-sessions').then((now) => { if (now.join() !== owned.join()) ownedChanged = true; }, () => undefined);
  }, Math.max(1000, tick));
  await Promise.all(owned.map(async (sessionId) => {
    let retryMs = tick;
    let idleAfterMs = 2 * tick;
    let lastBatchAt = Date.now();
    while (!rt.cancelled && !ownedChanged && Date.now() < deadline) {
      const batch: ClaimedBatch | undefined = await claimForSender(ctx.db, ctx.config, ctx.clock, sessionId, { ownerId: data.ownerId });
      if (!batch) {
        if (Date.now() - lastBatchAt >= idleAfterMs) idle.add(sessionId);
        if (allIdle()) return;
        await new Promise((r) => setTimeout(r, retryMs));
        continue;
      }
      idle.delete(sessionId);
      // Claimed rows are always handed over, even when cancelled meanwhile: the main
      // thread requeues what it does not send, so no row stays half-claimed.
      const r = await rt.request<DispatchResult>('dispatch', batch);
      totals.batches++; totals.sent += r.sent; totals.failed += r.failed; totals.requeued += r.requeued;
      if (r.paused) totals.paused++;
      if (r.requeued) { idle.add(sessionId); return; } // stopping, or no channel for it here
      lastBatchAt = Date.now();
      retryMs = Math.min(tick, Math.max(10, batch.pacingMs[0]));
      idleAfterMs = Math.max(2 * tick, batch.pacingMs[1] + tick);
    }
  })).finally(() => clearInterval(watch));
  return totals;
});
