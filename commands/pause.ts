// pause NAME: stops sending; queued messages wait, their credits stay reserved.
import { pauseCampaign } from '../src/campaigns/control.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const pause: CommandSpec = {
  id: 'pause',
  usage: { en: 'pause NAME', tr: 'duraklat AD', ur: 'NAAM roko' },
  patterns: {
    en: [/^(?:pause|hold|stop sending)\s+(?:the\s+)?(?:campaign\s+)?(?<name>[^\n]+)$/i],
    tr: [/^(?:duraklat|durdur|beklet)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+(?:kampanyasını\s+)?(?:duraklat|durdur)$/i],
    ur: [/^(?<name>[^\n]+?)\s+(?:campaign\s+)?(?:roko|rok do|pause karo)$/i],
  },
  examples: {
    en: ['pause eid', 'hold the campaign for now', 'stop sending for a while', 'put my campaign on hold', 'pause sending messages'],
    tr: ['duraklat bayram', 'kampanyayı şimdilik beklet', 'bir süre göndermeyi durdur', 'kampanyamı beklemeye al', 'mesaj gönderimini duraklat'],
    ur: ['eid roko', 'campaign abhi rok do', 'thori der ke liye bhejna band karo', 'meri campaign hold par rakho', 'messages bhejna roko'],
  },
  args: [{ name: 'name', type: 'name', required: true }],
  role: 'manager',
  confirm: false,
  async handler({ ctx, account, member, lang, args }) {
    const c = await pauseCampaign(ctx, account.id, args.name!, { type: 'member', id: member.id, label: member.phone });
    return t(lang, 'cmd.pause.done', { name: c.name });
  },
};
