// Running campaigns: pause ⇄ resume, cancel (queued messages skipped, their credits released).
// Completion (nothing queued or in flight) is the sender's business: src/dispatch/outcomes.ts.
import { recordEvent } from '../webhooks/events.js';
import { audit, type Actor } from '../audit.js';
import type { Ctx } from '../context.js';
import type { Queryable } from '../db/database.js';
import { lockAccount, release } from '../credits.js';
import { completeFinishedCampaigns } from '../dispatch/outcomes.js';
import { findCampaign, getCampaignById, type Campaign } from './campaigns.js';
import { CampaignNotFoundError, CampaignStateError } from './errors.js';
import { statusName } from './status-name.js';

async function locked(t: Queryable, accountId: number, name: string): Promise<Campaign> {
  await lockAccount(t, accountId);
  const c = await findCampaign(t, accountId, name, true);
  if (!c) throw new CampaignNotFoundError(name.trim());
  return c;
}

/** Why a campaign cannot be resumed now (checked before a confirmation code is offered), or undefined. */
export function resumeRefusal(c: Pick<Campaign, 'name' | 'status'>, accountStatus: string | undefined): CampaignStateError | undefined {
  if (c.status !== 'paused') return new CampaignStateError(c.status, 'campaign.resume_not_paused', { name: c.name, status: statusName(c.status) });
  if (accountStatus !== 'active') return new CampaignStateError(c.status, 'campaign.resume_suspended');
  return undefined;
}

/** Why a campaign cannot be cancelled (it already finished), or undefined. */
export function cancelRefusal(c: Pick<Campaign, 'name' | 'status'>): CampaignStateError | undefined {
  if (c.status === 'completed' || c.status === 'cancelled') return new CampaignStateError(c.status, 'campaign.cancel_finished', { name: c.name, status: statusName(c.status) });
  return undefined;
}

export async function pauseCampaign(ctx: Ctx, accountId: number, name: string, actor: Actor): Promise<Campaign> {
  return ctx.db.tx(async (t) => {
    const c = await locked(t, accountId, name);
    if (c.status !== 'running') throw new CampaignStateError(c.status, 'campaign.pause_not_running', { name: c.name, status: statusName(c.status) });
    await t.exec(`UPDATE campaigns SET status = 'paused', paused_at = $2, updated_at = now() WHERE id = $1`, [c.id, ctx.clock.now()]);
    await audit(t, actor, 'campaign.pause', accountId, { campaign: c.name, campaignId: c.id });
    await recordEvent(t, accountId, 'campaign.paused', { campaign: c.name, campaign_id: c.id });
    ctx.log.info({ accountId, campaignId: c.id }, 'campaign paused');
    return (await getCampaignById(t, c.id))!;
  });
}

export async function resumeCampaign(ctx: Ctx, accountId: number, name: string, actor: Actor): Promise<Campaign> {
  return ctx.db.tx(async (t) => {
    const c = await locked(t, accountId, name);
    if (c.status !== 'paused') throw new CampaignStateError(c.status, 'campaign.resume_not_paused', { name: c.name, status: statusName(c.status) });
    const acc = await t.one<{ status: string }>('SELECT status FROM accounts WHERE id = $1', [accountId]);
    if (acc?.status !== 'active') throw new CampaignStateError(c.status, 'campaign.resume_suspended');
    await t.exec(`UPDATE campaigns SET status = 'running', paused_at = NULL, updated_at = now() WHERE id = $1`, [c.id]);
    await audit(t, actor, 'campaign.resume', accountId, { campaign: c.name, campaignId: c.id });
    ctx.log.info({ accountId, campaignId: c.id }, 'campaign resumed');
    // Its last messages may have finished while it was paused.
    await completeFinishedCampaigns(t, ctx.clock, [c.id]);
    return (await getCampaignById(t, c.id))!;
  });
}

export interface CancelResult {
  campaign: Campaign;
  /** Queued messages that will now never be sent. */
  skipped: number;
  creditsReleased: number;
}

/** Cancels a draft or a launched campaign. Messages already in flight finish on their own. */
export async function cancelCampaign(ctx: Ctx, accountId: number, name: string, actor: Actor): Promise<CancelResult> {
  return ctx.db.tx(async (t) => {
    const c = await locked(t, accountId, name);
    if (c.status === 'completed' || c.status === 'cancelled') {
      throw new CampaignStateError(c.status, 'campaign.cancel_finished', { name: c.name, status: statusName(c.status) });
    }
    // Rows the sender has claimed are locked by it; READ COMMITTED re-checks them after its
    // commit, so a row that became 'sending' meanwhile is left to the sender.
    const skipped = await t.exec(
      `UPDATE outbox SET status = 'skipped', reason = 'cancelled', credit_state = 'released', updated_at = now()
        WHERE campaign_id = $1 AND status = 'queued'`, [c.id]);
    const perRow = c.recipients > 0 ? c.credits_reserved / c.recipients : 0;
    const credits = skipped * perRow;
    if (credits > 0) await release(t, accountId, credits, c.id, 'campaign cancelled');
    await t.exec(
      `UPDATE campaigns SET status = 'cancelled', cancelled_at = $2, skipped = skipped + $3, updated_at = now() WHERE id = $1`,
      [c.id, ctx.clock.now(), skipped]);
    await audit(t, actor, 'campaign.cancel', accountId, { campaign: c.name, campaignId: c.id, skipped, creditsReleased: credits });
    ctx.log.info({ accountId, campaignId: c.id, skipped }, 'campaign cancelled');
    return { campaign: (await getCampaignById(t, c.id))!, skipped, creditsReleased: credits };
  });
}
