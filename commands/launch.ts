// launch NAME: shows recipients, credits and the estimated duration, then waits for the
// confirmation code; only a campaign whose current text was sent as a demo may launch.
import { getCampaign } from '../src/campaigns/campaigns.js';
import { AppError } from '../src/app-error.js';
import { campaignLaunchBlocker, estimateLaunch, launchCampaign } from '../src/campaigns/launch.js';
import { formatDuration } from '../src/i18n/format-duration.js';
import { statusName } from '../src/campaigns/status-name.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

const fmt = (n: number) => n.toLocaleString('en-US');

export const launch: CommandSpec = {
  id: 'launch',
  usage: { en: 'launch NAME', tr: 'başlat AD', ur: 'NAAM launch karo' },
  patterns: {
    en: [/^(?:launch|start|run|go)\s+(?:the\s+)?(?:campaign\s+)?(?<name>[^\n]+)$/i],
    tr: [/^(?:başlat|baslat|kampanyayı başlat|kampanyayi baslat)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+(?:kampanyasını\s+)?(?:başlat|baslat)$/i],
    ur: [/^(?<name>[^\n]+?)\s+(?:campaign\s+)?(?:launch karo|chalao|shuru karo|chala do)$/i, /^launch karo\s+(?<name>[^\n]+)$/i],
  },
  examples: {
    en: ['launch eid', 'start sending my campaign', 'go live with the campaign', 'send the campaign to everyone now', 'begin the campaign', 'launch the promotion'],
    tr: ['başlat bayram', 'kampanyamı göndermeye başla', 'kampanyayı yayına al', 'kampanyayı şimdi herkese gönder', 'kampanyaya başla', 'promosyonu başlat'],
    ur: ['eid launch karo', 'meri campaign bhejna shuru karo', 'campaign chala do', 'campaign abhi sab ko bhej do', 'campaign shuru karo', 'promotion launch kar do'],
  },
  args: [{ name: 'name', type: 'name', required: true }],
  role: 'manager',
  confirm: true,
  async describe({ ctx, account, lang, args }) {
    const c = await getCampaign(ctx, account.id, args.name!);
    // Asking for a code the launch would refuse anyway wastes the owner's time.
    const blocker = campaignLaunchBlocker(c);
    if (blocker === 'wrong_state') throw new AppError('campaign.launch.wrong_state', { name: c.name, status: statusName(c.status) });
    if (blocker === 'no_demo') throw new AppError('campaign.launch.no_demo', { name: c.name });
    const est = await estimateLaunch(ctx, account.id, c.name);
    return t(lang, 'cmd.launch.ask', {
      name: c.name, recipients: fmt(est.recipients), skipped: fmt(est.skippedSuppressed), credits: fmt(est.credits),
      eta: est.estimatedSeconds === null ? t(lang, 'cmd.launch.no_sender') : formatDuration(est.estimatedSeconds, lang),
    });
  },
  async handler({ ctx, account, member, lang, args }) {
    const r = await launchCampaign(ctx, account.id, args.name!, { type: 'member', id: member.id, label: member.phone });
    return t(lang, 'cmd.launch.done', { name: args.name!, recipients: fmt(r.recipients), credits: fmt(r.credits) });
  },
};
