// resume NAME: sending starts again, so it reaches customers and needs a code.
import { getCampaign } from '../src/campaigns/campaigns.js';
import { resumeCampaign } from '../src/campaigns/control.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const resume: CommandSpec = {
  id: 'resume',
  usage: { en: 'resume NAME', tr: 'devam AD', ur: 'NAAM resume karo' },
  patterns: {
    en: [/^(?:resume|continue|unpause)\s+(?:the\s+)?(?:campaign\s+)?(?<name>[^\n]+)$/i],
    tr: [/^(?:devam|devam ettir|sürdür|surdur)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+(?:kampanyasına\s+)?(?:devam et|devam ettir)$/i],
    ur: [/^(?<name>[^\n]+?)\s+(?:campaign\s+)?(?:resume karo|dobara chalao|phir se chalao)$/i],
  },
  examples: {
    en: ['resume eid', 'continue the paused campaign', 'carry on sending', 'restart my campaign where it stopped', 'unpause the campaign'],
    tr: ['devam bayram', 'duraklatılan kampanyaya devam et', 'göndermeye devam et', 'kampanyamı kaldığı yerden sürdür', 'kampanyayı yeniden başlat'],
    ur: ['eid resume karo', 'ruki hui campaign dobara chalao', 'bhejna jaari rakho', 'campaign wahin se phir shuru karo', 'campaign phir se chalao'],
  },
  args: [{ name: 'name', type: 'name', required: true }],
  role: 'manager',
  confirm: true,
  async describe({ ctx, account, lang, args }) {
    const c = await getCampaign(ctx, account.id, args.name!);
    return t(lang, 'cmd.resume.ask', { name: c.name });
  },
  async handler({ ctx, account, member, lang, args }) {
    const c = await resumeCampaign(ctx, account.id, args.name!, { type: 'member', id: member.id, label: member.phone });
    return t(lang, 'cmd.resume.done', { name: c.name });
  },
};
