// unschedule NAME: the campaign's scheduled start is removed; it stays ready to launch.
import { formatLocalTime, unscheduleCampaign } from '../src/campaigns/schedule.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const unschedule: CommandSpec = {
  id: 'unschedule',
  usage: { en: 'unschedule NAME', tr: 'AD zamanlamasını kaldır', ur: 'NAAM ka schedule hatao' },
  patterns: {
    en: [/^(?:unschedule|deschedule)\s+(?:the\s+)?(?:campaign\s+)?(?<name>[^\n]+)$/i,
      /^(?:remove|cancel|clear|drop)\s+(?:the\s+)?(?:schedule|scheduled start|start time)\s+(?:of|for)\s+(?:the\s+)?(?:campaign\s+)?(?<name>[^\n]+)$/i],
    tr: [/^(?<name>[^\n]+?)\s+(?:kampanyasının\s+)?(?:zamanlamasını|zamanlamasini|planlamasını|planlamasini)\s+(?:kaldır|kaldir|iptal et|sil)$/i,
      /^(?:zamanlamayı kaldır|zamanlamayi kaldir|zamanlamayı iptal et|zamanlamayi iptal et)\s+(?<name>[^\n]+)$/i],
    ur: [/^(?<name>[^\n]+?)\s+(?:campaign\s+)?(?:ka|ki)\s+(?:schedule|time|timing)\s+(?:hatao|hata do|khatam karo|cancel karo|cancel kar do)$/i,
      /^unschedule\s+(?<name>[^\n]+)$/i],
  },
  // Few examples on purpose: the NLU should not learn "remove"/"kaldır"/"hatao" as unschedule.
  examples: {
    en: ['unschedule eid', 'remove the schedule of the campaign'],
    tr: ['bayram zamanlamasını kaldır'],
    ur: ['eid ka schedule hatao'],
  },
  args: [{ name: 'name', type: 'name', required: true, refers: 'campaign' }],
  role: 'manager',
  confirm: false,
  async handler({ ctx, account, member, lang, args }) {
    const r = await unscheduleCampaign(ctx, account.id, args.name!, { type: 'member', id: member.id, label: member.phone });
    return t(lang, 'cmd.unschedule.done', { name: r.campaign.name, was: formatLocalTime(r.was, r.zone, lang) });
  },
};
