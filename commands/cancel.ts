// cancel NAME: queued messages are dropped and their credits released; needs a code.
import { getCampaign } from '../src/campaigns/campaigns.js';
import { cancelCampaign, cancelRefusal } from '../src/campaigns/control.js';
import { statusName } from '../src/campaigns/status-name.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const cancel: CommandSpec = {
  id: 'cancel',
  usage: { en: 'cancel NAME', tr: 'iptal AD', ur: 'NAAM cancel karo' },
  patterns: {
    en: [/^(?:cancel|abort|kill)\s+(?:the\s+)?(?:campaign\s+)?(?<name>[^\n]+)$/i,
      /^(?:scrap|terminate|end|drop|discard|call off)\s+(?:the\s+)?(?:campaign\s+)?(?<name>[^\n]+?)(?:\s+(?:for good|permanently|completely))?$/i],
    tr: [/^(?:iptal|iptal et)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+(?:kampanyasını\s+)?iptal et$/i,
      /^(?<name>[^\n]+?)\s+(?:kampanyasını\s+)?(?:sonlandır|sonlandir|bitir|tamamen kapat|tamamen iptal et|kalıcı olarak durdur|kalici olarak durdur)$/i],
    ur: [/^(?<name>[^\n]+?)\s+(?:campaign\s+)?(?:cancel karo|khatam karo|cancel kar do|khatam kar do|radd karo|hamesha ke liye band karo|bilkul khatam karo)$/i],
  },
  examples: {
    en: ['cancel eid', 'cancel the campaign completely', 'abort my campaign', 'I want to call off the campaign', 'scrap this campaign for good', 'scrap the campaign', 'terminate this campaign', 'end the campaign for good', 'drop the campaign permanently', 'we do not need this campaign anymore cancel it', 'call off the campaign completely', 'cancel this campaign please'],
    tr: ['iptal bayram', 'kampanyayı tamamen iptal et', 'kampanyamı iptal etmek istiyorum', 'kampanyadan vazgeçtim', 'bu kampanyayı sonsuza dek kapat', 'kampanyayı sonlandır', 'kampanyayı tamamen bitir', 'kampanyayı kalıcı olarak kapat', 'bu kampanyaya artık gerek yok iptal', 'kampanyayı kesin olarak iptal et', 'kampanyayı sil gitsin'],
    ur: ['campaign bilkul khatam karo', 'meri campaign cancel kar do', 'mujhe campaign nahi chahiye ab', 'yeh campaign hamesha ke liye band', 'campaign radd kar do', 'campaign hamesha ke liye khatam', 'is campaign ko mukammal khatam karo', 'campaign ki zaroorat nahi cancel karo', 'campaign bilkul band kar do hamesha ke liye', 'campaign khatam kar do', 'campaign ko cancel kar do', 'is campaign ko radd karo'],
  },
  args: [{ name: 'name', type: 'name', required: true, refers: 'campaign' }],
  role: 'manager',
  confirm: true,
  async describe({ ctx, account, lang, args }) {
    const c = await getCampaign(ctx, account.id, args.name!);
    const refused = cancelRefusal(c);
    if (refused) throw refused;
    return t(lang, 'cmd.cancel.ask', { name: c.name, status: statusName(c.status) });
  },
  async handler({ ctx, account, member, lang, args }) {
    const r = await cancelCampaign(ctx, account.id, args.name!, { type: 'member', id: member.id, label: member.phone });
    return t(lang, 'cmd.cancel.done', { name: r.campaign.name, skipped: r.skipped.toLocaleString('en-US'), credits: r.creditsReleased.toLocaleString('en-US') });
  },
};
