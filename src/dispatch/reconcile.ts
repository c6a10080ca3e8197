// Crash reconciliation: rows left "sending" past RECONCILE_AFTER_MS. The gateway's own record
// of a send (the stored WAMessage, or the sandbox's message log) proves it happened → sent.
// Otherwise the row becomes "uncertain", its credit is released, and it is never resent:
// a resend could double a message that did go out. A later receipt still upgrades it.
import type { Ctx } from '../context.js';
import { completeFinishedCampaigns, markSent, markUncertain } from './outcomes.js';

export interface ReconcileResult { proved: number; uncertain: number; completed: number[] }

export async function reconcileInFlight(ctx: Ctx, opts: { batch?: number } = {}): Promise<ReconcileResult> {
  const { db, clock, config } = ctx;
  const cutoff = new Date(clock.now().getTime() - config.reconcileAfterMs);
  const result: ReconcileResult = { proved: 0, uncertain: 0, completed: [] };
  for (;;) {
    const step = await db.tx(async (t) => {
      const rows = await t.query<{ id: number; campaign_id: number; proved: boolean }>(
        `SELECT o.id, o.campaign_id,
                (EXISTS (SELECT 1 FROM sent_messages m WHERE m.wa_message_id = o.wa_message_id)
                 OR EXISTS (SELECT 1 FROM sandbox_messages m WHERE m.wa_message_id = o.wa_message_id AND m.direction = 'out')) AS proved
           FROM outbox o WHERE o.status = 'sending' AND o.claimed_at < $1
            -- A claimer that still holds its sender's lease is alive: its send may be slow, not lost.
            AND NOT EXISTS (SELECT 1 FROM sender_sessions s
                             WHERE s.id = o.sender_session_id AND s.owner_id = o.claimed_by AND s.lease_until > $3)
          ORDER BY o.claimed_at LIMIT $2 FOR UPDATE OF o SKIP LOCKED`,
        [cutoff, opts.batch ?? 1000, clock.now()],
      );
      const proved = await markSent(t, clock, rows.filter((r) => r.proved).map((r) => r.id));
      const uncertain = await markUncertain(t, clock, rows.filter((r) => !r.proved).map((r) => r.id),
        'no proof of sending after an interruption; not resent, credit returned');
      return { n: rows.length, proved, uncertain, campaigns: [...new Set(rows.map((r) => r.campaign_id))] };
    });
    result.proved += step.proved;
    result.uncertain += step.uncertain;
    if (step.n === 0) break;
  }
  // Also catches campaigns whose last row finished while they were paused, then resumed.
  const running = await db.query<{ id: number }>(`SELECT id FROM campaigns WHERE status = 'running'`);
  result.completed = await completeFinishedCampaigns(db, clock, running.map((r) => r.id));
  if (result.proved || result.uncertain) ctx.log.info(result, 'reconciled messages left in flight');
  for (const campaignId of result.completed) ctx.log.info({ campaignId }, 'campaign completed');
  return result;
}
