// Campaigns: a list with live progress bars, and a page per campaign with counts by status,
// a chart over time, the text, the per-recipient CSV and pause / resume / cancel.
import type { Request } from 'express';
import { cancelCampaign, pauseCampaign, resumeCampaign } from '../../campaigns/control.js';
import { getCampaignById } from '../../campaigns/campaigns.js';
import { campaignStats, exportCampaignCsv } from '../../campaigns/stats.js';
import type { Ctx } from '../../context.js';
import { actorOf, flash, formAction, HttpError, idParam, type ConsoleRoutes } from '../http.js';
import { renderProgressChart, type Series } from '../svg-chart.js';
import { render } from '../views.js';

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

// Done = reached a final state; the bar shows done of those meant to be sent.
const PROGRESS_SQL = `
  SELECT c.id, c.name, c.status, c.account_id, a.name AS account_name, c.recipients, c.created_at, c.launched_at,
         coalesce(o.total, 0)::int AS total, coalesce(o.done, 0)::int AS done, coalesce(o.failed, 0)::int AS failed,
         coalesce(o.delivered, 0)::int AS delivered
    FROM campaigns c JOIN accounts a ON a.id = c.account_id
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE status <> 'skipped') AS total,
             count(*) FILTER (WHERE status IN ('sent','delivered','read','failed','uncertain')) AS done,
             count(*) FILTER (WHERE status = 'failed') AS failed,
             count(*) FILTER (WHERE status IN ('delivered','read')) AS delivered
        FROM outbox WHERE campaign_id = c.id) o ON true`;

export function mountCampaignPages(routes: ConsoleRoutes, ctx: Ctx): void {
  const list = async (req: Request) => {
    const account = /^\d{1,9}$/.test(String(req.query.account ?? '')) ? Number(req.query.account) : null;
    return ctx.db.query(`${PROGRESS_SQL} WHERE ($1::int IS NULL OR c.account_id = $1) ORDER BY c.id DESC LIMIT 200`, [account]);
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
    const account = await ctx.db.one<{ name: string }>('SELECT name FROM accounts WHERE id = $1', [campaign.account_id]);
    render(res, 'campaign', {
      title: campaign.name, campaign, stats, account,
      sample: await ctx.db.one<{ phone: string; body: string | null }>('SELECT phone, body FROM outbox WHERE campaign_id = $1 AND body IS NOT NULL ORDER BY id LIMIT 1', [campaign.id]),
      chart: renderProgressChart(await timeline(ctx, campaign.id)),
      scripts: ['progress.js'],
    });
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

/** Sends, deliveries and failures per time bucket (about 60 buckets over the campaign's span). */
async function timeline(ctx: Ctx, campaignId: number): Promise<Series[]> {
  const span = await ctx.db.one<{ t0: Date | null; t1: Date | null }>(
    `SELECT least(min(sent_at), min(failed_at)) AS t0, greatest(max(sent_at), max(delivered_at), max(failed_at)) AS t1 FROM outbox WHERE campaign_id = $1`, [campaignId]);
  if (!span?.t0 || !span.t1) return [];
  const bucketSeconds = Math.max(1, Math.ceil((span.t1.getTime() - span.t0.getTime()) / 1000 / 60));
  const rows = await ctx.db.query<{ kind: Series['name']; at: Date; n: number }>(
    `SELECT kind, to_timestamp(floor(extract(epoch FROM at) / $2) * $2) AS at, count(*)::int AS n FROM (
        SELECT 'sent' AS kind, sent_at AS at FROM outbox WHERE campaign_id = $1 AND sent_at IS NOT NULL
        UNION ALL SELECT 'delivered', delivered_at FROM outbox WHERE campaign_id = $1 AND delivered_at IS NOT NULL
        UNION ALL SELECT 'failed', failed_at FROM outbox WHERE campaign_id = $1 AND failed_at IS NOT NULL) e
      GROUP BY 1, 2 ORDER BY 2`, [campaignId, bucketSeconds]);
  return (['sent', 'delivered', 'failed'] as const).map((name) => ({ name, points: rows.filter((r) => r.kind === name).map((r) => ({ at: r.at, n: r.n })) }));
}
