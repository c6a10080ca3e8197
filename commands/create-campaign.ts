// create campaign NAME for LIST: TEXT — a draft with {{name}}-style variables, and a preview.
import { createCampaign } from '../src/campaigns/campaigns.js';
import { render, t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const createCampaignCommand: CommandSpec = {
  id: 'create-campaign',
  usage: { en: 'create campaign NAME for LIST: TEXT', tr: 'kampanya oluştur AD LİSTE: METİN', ur: 'campaign banao NAAM LIST: TEXT' },
  patterns: {
    en: [/^(?:create|make|new)\s+(?:a\s+)?campaign\s+(?<name>[^\n:]+?)\s+(?:for|to)\s+(?:list\s+)?(?<list>[^\n:]+?)\s*:\s*(?<text>[\s\S]+)$/i],
    tr: [/^(?:kampanya oluştur|kampanya olustur|yeni kampanya)\s+(?<name>[^\n:\s]+)\s+(?<list>[^\n:]+?)\s*:\s*(?<text>[\s\S]+)$/i],
    ur: [/^(?:campaign banao|nayi campaign)\s+(?<name>[^\n:\s]+)\s+(?<list>[^\n:]+?)\s*:\s*(?<text>[\s\S]+)$/i],
  },
  examples: {
    en: ['create campaign eid for vip: Eid Mubarak {{name}}!', 'I want to write a new campaign', 'make a campaign message for my customers', 'start drafting a new promotion', 'new campaign for a list', 'prepare a marketing message'],
    tr: ['kampanya oluştur bayram vip: Bayramınız kutlu olsun {{name}}!', 'yeni bir kampanya yazmak istiyorum', 'müşterilerim için kampanya mesajı hazırla', 'yeni bir promosyon taslağı', 'liste için yeni kampanya', 'pazarlama mesajı hazırla'],
    ur: ['campaign banao eid vip: Eid Mubarak {{name}}!', 'mujhe nayi campaign likhni hai', 'customers ke liye campaign message banao', 'naya promotion tayyar karo', 'list ke liye nayi campaign', 'marketing ka message banao'],
  },
  args: [{ name: 'name', type: 'name', required: true }, { name: 'list', type: 'name', required: true }, { name: 'text', type: 'text', required: true }],
  role: 'manager',
  confirm: false,
  async handler({ ctx, account, member, lang, args }) {
    const draft = await createCampaign(ctx, account.id, { name: args.name!, listName: args.list!, body: args.text!, createdBy: member.id });
    const lines = [t(lang, 'cmd.create-campaign.done', { name: draft.campaign.name, list: draft.campaign.list_name ?? args.list!, preview: draft.preview })];
    if (draft.warnings.length) lines.push('', t(lang, 'cmd.create-campaign.warnings', { w: draft.warnings.map((m) => render(lang, m)).join('; ') }));
    return lines.join('\n');
  },
};
