// campaigns: every campaign of the account with its state.
import { listCampaigns } from '../src/campaigns/campaigns.js';
import { formatLocalTime, zoneOf } from '../src/campaigns/schedule.js';
import { listCampaignProgress } from '../src/campaigns/stats.js';
import { statusName } from '../src/campaigns/status-name.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const campaigns: CommandSpec = {
  id: 'campaigns',
  usage: { en: 'campaigns', tr: 'kampanyalar', ur: 'campaigns' },
  patterns: {
    en: [/^(?:campaigns|my campaigns|show campaigns|list campaigns)$/i],
    tr: [/^(?:kampanyalar|kampanyalarım|kampanyalarim|kampanyalarımı göster)$/i],
    ur: [/^(?:meri campaigns|campaigns dikhao|saari campaigns)$/i],
  },
  examples: {
    en: ['campaigns', 'which campaigns do I have', 'what campaigns are running', 'my promotions', 'which promotions have I created', 'list of all my campaigns', 'show every campaign'],
    tr: ['kampanyalarım', 'kampanyalarımı göster', 'hangi kampanyalar çalışıyor', 'promosyonlarım', 'oluşturduğum kampanyaları listele', 'bütün kampanyalarımı görmek istiyorum'],
    ur: ['kaun si campaigns hain', 'saari campaigns ki list', 'kaun si campaign chal rahi hai', 'mere promotions', 'campaigns ki list do', 'meri tamam campaigns ki list', 'saari campaigns dikhao mujhe', 'main ne kaun si campaigns banayi hain'],
  },
  args: [],
  role: 'viewer',
  confirm: false,
  async handler({ ctx, account, lang }) {
    const all = await listCampaigns(ctx, account.id);
    if (!all.length) return t(lang, 'cmd.campaigns.none');
    const zone = zoneOf(account);
    // A draft has no recipients yet: show its list's size, as the console does (one rule, in stats.ts).
    const sizes = new Map((await listCampaignProgress(ctx.db, account.id)).map((p) => [p.id, p.total]));
    const recipientsOf = (c: (typeof all)[number]) => (c.status === 'draft' || c.status === 'demo_sent' ? sizes.get(c.id) ?? c.recipients : c.recipients);
    return [t(lang, 'cmd.campaigns.head'), ...all.map((c) => t(lang, 'cmd.campaigns.line', {
      name: c.name, status: statusName(c.status), list: c.list_name ?? '—', recipients: recipientsOf(c).toLocaleString('en-US'),
    }) + (c.scheduled_at ? t(lang, 'cmd.campaigns.scheduled', { at: formatLocalTime(c.scheduled_at, zone, lang) }) : ''))].join('\n');
  },
};
