// cancel NAME: queued messages are dropped and their credits released; needs a code.
import { getCampaign } from '../src/campaigns/campaigns.js';
import { cancelCampaign } from '../src/campaigns/control.js';
import { statusName } from '../src/campaigns/status-name.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const cancel: CommandSpec = {
  id: 'cancel',
  usage: { en: 'cancel NAME', tr: 'iptal AD', ur: 'NAAM cancel karo' },
  patterns: {
    en: [/^(?:cancel|abort|kill)\s+(?:the\s+)?(?:campaign\s+)?(?<name>[^\n]+)$/i],
    tr: [/^(?:iptal|iptal et)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+(?:kampanyasını\s+)?iptal et$/i],
    ur: [/^(?<name>[^\n]+?)\s+(?:campaign\s+)?(?:cancel karo|khatam karo|cancel kar do)$/i],
  },
  examples: {
    en: ['cancel eid', 'cancel the campaign completely', 'abort my campaign', 'I want to call off the campaign', 'scrap this campaign for good'],
    tr: ['iptal bayram', 'kampanyayı tamamen iptal et', 'kampanyamı iptal etmek istiyorum', 'kampanyadan vazgeçtim', 'bu kampanyayı sonsuza dek kapat'],
    ur: ['eid cancel karo', 'campaign bilkul khatam karo', 'meri campaign cancel kar do', 'mujhe campaign nahi chahiye ab', 'yeh campaign hamesha ke liye band'],
  },
  args: [{ name: 'name', type: 'name', required: true }],
  role: 'manager',
  confirm: true,
  async describe({ ctx, account, lang, args }) {
    const c = await getCampaign(ctx, account.id, args.name!);
    return t(lang, 'cmd.cancel.ask', { name: c.name, status: statusName(c.status) });
  },
  async handler({ ctx, account, member, lang, args }) {
    const r = await cancelCampaign(ctx, account.id, args.name!, { type: 'member', id: member.id, label: member.phone });
    return t(lang, 'cmd.cancel.done', { name: r.campaign.name, skipped: r.skipped.toLocaleString('en-US'), credits: r.creditsReleased.toLocaleString('en-US') });
  },
};
