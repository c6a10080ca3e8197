// Campaigns: a list with live progress bars, and a page per campaign with counts by status,
// a chart over time, the text, the per-recipient CSV and pause / resume / cancel.
import { formatLocalTime, formatWindow, windowOf, zoneOf } from '../../campaigns/schedule.js';
import type { Request } from 'express';
import { cancelCampaign, pauseCampaign, resumeCampaign } from '../../campaigns/control.js';
import { getCampaignById } from '../../campaigns/campaigns.js';
import { getAccount } from '../../accounts.js';
import { campaignReplyCounts, latestCampaignReplies } from '../../replies/customer-replies.js';
import { campaignStats, campaignTimeline, exportCampaignCsv, listCampaignProgress, sampleMessage } from '../../campaigns/stats.js';
import type { Ctx } from '../../context.js';
import { actorOf, flash, formAction, HttpError, idParam, type ConsoleRoutes } from '../http.js';
import { renderProgressChart } from '../svg-chart.js';
import { render } from '../views.js';
import { getMediaInfo, readMedia } from '../../content/media.js';
import { campaignTexts } from '../../content/variants.js';

const ACTIONS = {
  pause: { verb: 'Pause', explain: 'Sending stops after the messages already in flight. You can resume later.', run: pauseCampaign },
  resume: { verb: 'Resume', explain: 'Sending continues at the safe pace from where it stopped.', run: resumeCampaign },
  cancel: { verb: 'Cancel', explain: 'Messages not yet sent are dropped and their credits returned. This cannot be undone.', run: cancelCampaign },
} as const;
type Action = keyof typeof ACTIONS;

function actionParam(req: Request): Action {
  const a = req.params.action;
  if (a !== 'pause' && a !== 'resume' && a !== 'cancel') throw new HttpError(404, 'Not found');
  return a;
}

export function mountCampaignPages(routes: ConsoleRoutes, ctx: Ctx): void {
  const list = async (req: Request) => {
    const account = /^\d{1,9}$/.test(String(req.query.account ?? '')) ? Number(req.query.account) : null;
    return listCampaignProgress(ctx.db, account);
  };

  routes.get('/campaigns', 'viewer', async (req, res) => {
    render(res, 'campaigns', { title: 'Campaigns', campaigns: await list(req), scripts: ['progress.js'] });
  });
  routes.get('/campaigns/progress.json', 'viewer', async (req, res) => {
    res.json({ campaigns: (await list(req)).map((c) => ({ id: c.id, status: c.status, total: c.total, done: c.done })) });
  });

  const load = async (req: Request) => {
    const id = idParam(req);
    const campaign = await getCampaignById(ctx.db, id);
    if (!campaign) throw new HttpError(404, `There is no campaign ${id}.`);
    return campaign;
  };

  routes.get('/campaigns/:id', 'viewer', async (req, res) => {
    const campaign = await load(req);
    const stats = await campaignStats(ctx, campaign.id);
    const account = await getAccount(ctx.db, campaign.account_id);
    const media = campaign.media_sha256 ? await getMediaInfo(ctx.db, campaign.account_id, campaign.media_sha256) : undefined;
    const source = campaign.source_campaign_id ? await getCampaignById(ctx.db, campaign.source_campaign_id) : undefined;
    const zone = zoneOf(account);
    const window = windowOf(campaign);
    render(res, 'campaign', {
      title: campaign.name, campaign, stats, account, media, source,
      texts: campaignTexts(campaign),
      // Shown in the account's time zone, as the owner set them in the chat.
      schedule: campaign.scheduled_at ? formatLocalTime(campaign.scheduled_at, zone, 'en') : null,
      sendingWindow: window ? `${formatWindow(window)} (${zone})` : null,
      sample: await sampleMessage(ctx.db, campaign.id),
      replies: await latestCampaignReplies(ctx.db, campaign.id, 20),
      replyCounts: await campaignReplyCounts(ctx.db, campaign.id),
      chart: renderProgressChart(await campaignTimeline(ctx.db, campaign.id)),
      scripts: ['progress.js'],
    });
  });
  // The campaign's media file, for the page's preview: pictures, video and audio inline, documents as a download.
  routes.get('/campaigns/:id/media', 'viewer', async (req, res) => {
    const campaign = await load(req);
    const file = campaign.media_sha256 ? await readMedia(ctx.db, campaign.account_id, campaign.media_sha256) : undefined;
    if (!file) throw new HttpError(404, 'This campaign has no media.');
    const inline = file.info.kind !== 'document';
    res.type(inline ? file.info.mimetype : 'application/octet-stream');
    res.setHeader('Content-Disposition', `${inline ? 'inline' : 'attachment'}; filename="${(file.info.fileName ?? `campaign-${campaign.id}-media`).replace(/[^\w.-]+/g, '_')}"`);
    res.send(file.data);
  });
  routes.get('/campaigns/:id/progress.json', 'viewer', async (req, res) => {
    const stats = await campaignStats(ctx, (await load(req)).id);
    res.json(stats);
  });
  routes.get('/campaigns/:id/recipients.csv', 'viewer', async (req, res) => {
    const campaign = await load(req);
    res.type('text/csv; charset=utf-8').attachment(`campaign-${campaign.id}-recipients.csv`);
    exportCampaignCsv(ctx, campaign.id).on('error', (e) => { req.log.error({ err: e }, 'CSV export failed'); res.destroy(e); }).pipe(res);
  });

  routes.get('/campaigns/:id/:action', 'admin', async (req, res) => {
    const campaign = await load(req);
    const action = actionParam(req);
    render(res, 'campaign-confirm', { title: `${ACTIONS[action].verb} ${campaign.name}`, campaign, action, ...ACTIONS[action] });
  });
  routes.post('/campaigns/:id/:action', 'admin', formAction(async (req) => {
    const campaign = await load(req);
    const action = actionParam(req);
    if (req.body?.confirm !== 'yes') throw new RangeError('confirm the action first');
    await ACTIONS[action].run(ctx, campaign.account_id, campaign.name, actorOf(req));
    flash(req, 'ok', `Campaign "${campaign.name}": ${action === 'cancel' ? 'cancelled' : action === 'pause' ? 'paused' : 'resumed'}.`);
    return `/campaigns/${campaign.id}`;
  }, (req) => `/campaigns/${req.params.id}`));
}
