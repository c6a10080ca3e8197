// campaigns: every campaign of the account with its state.
import { listCampaigns } from '../src/campaigns/campaigns.js';
import { campaignStatusName } from '../src/i18n/campaign-status-names.js';
import { say } from '../src/i18n/lang.js';
import type { CommandSpec } from '../src/router/command-spec.js';

const TEXT = {
  none: { en: 'No campaigns yet. Write one: *create campaign NAME for LIST: TEXT*', tr: 'Henüz kampanya yok. Yazın: *kampanya oluştur AD LİSTE: METİN*', ur: 'Abhi koi campaign nahi. Likhein: *campaign banao NAAM LIST: TEXT*' },
  head: { en: 'Your campaigns:', tr: 'Kampanyalarınız:', ur: 'Aap ki campaigns:' },
  line: { en: '• {name} ({status}) — list {list}, {recipients} recipients', tr: '• {name} ({status}) — liste {list}, {recipients} alıcı', ur: '• {name} ({status}) — list {list}, {recipients} recipients' },
};

export const campaigns: CommandSpec = {
  id: 'campaigns',
  usage: { en: 'campaigns', tr: 'kampanyalar', ur: 'campaigns' },
  summary: { en: 'your campaigns and their state', tr: 'kampanyalarınız ve durumları', ur: 'aap ki campaigns aur un ki halat' },
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
    if (!all.length) return say(TEXT.none, lang);
    return [say(TEXT.head, lang), ...all.map((c) => say(TEXT.line, lang, {
      name: c.name, status: campaignStatusName(c.status, lang), list: c.list_name ?? '—', recipients: c.recipients.toLocaleString('en-US'),
    }))].join('\n');
  },
};
