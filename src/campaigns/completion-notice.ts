// The notice an owner gets when a campaign has nothing left to send: how many went out,
// arrived, were read and failed (receipts still arriving raise the later figures).
import type { Ctx } from '../context.js';
import { msg, type Msg } from '../i18n/t.js';
import { campaignStats } from './stats.js';

export async function completionNotice(ctx: Ctx, campaignId: number): Promise<{ accountId: number; notice: Msg } | undefined> {
  const row = await ctx.db.one<{ account_id: number }>('SELECT account_id FROM campaigns WHERE id = $1', [campaignId]);
  if (!row) return undefined;
  const s = await campaignStats(ctx, campaignId);
  const { sent, delivered, read, failed } = s.counts;
  return {
    accountId: row.account_id,
    notice: msg('notice.campaign.completed', { name: s.name, sent: sent + delivered + read, delivered: delivered + read, read, failed }),
  };
}
