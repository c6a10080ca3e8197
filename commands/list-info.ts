// list info NAME: size, opted-out numbers, columns, campaigns using it.
import { listInfo } from '../src/contacts/lists.js';
import { statusName } from '../src/campaigns/status-name.js';
import { render, t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const listInfoCommand: CommandSpec = {
  id: 'list-info',
  usage: { en: 'list info NAME', tr: 'liste bilgisi AD', ur: 'list info NAAM' },
  patterns: {
    en: [/^(?:list\s+info|info\s+(?:on\s+|about\s+)?list|show\s+list|about\s+list)\s+(?<name>[^\n]+)$/i],
    tr: [/^(?:liste bilgisi|liste bilgi|listeyi göster|listeyi goster)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+listesi(?:ni göster| bilgisi)$/i],
    ur: [/^(?:list info|list ki tafseel)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+list\s+(?:ki tafseel|dikhao|ka hisaab)$/i],
  },
  examples: {
    en: ['list info vip', 'how many contacts are in my list', 'details about a list', 'tell me about the list', 'what is in this list', 'show the contents of a list'],
    tr: ['liste bilgisi vip', 'listemde kaç kişi var', 'bir listenin ayrıntıları', 'liste hakkında bilgi ver', 'bu listede neler var', 'listenin içeriğini göster'],
    ur: ['list info vip', 'meri list mein kitne contacts hain', 'list ki tafseel batao', 'list ke bare mein batao', 'is list mein kya hai', 'list ka hisaab dikhao'],
  },
  args: [{ name: 'name', type: 'name', required: true }],
  role: 'viewer',
  confirm: false,
  async handler({ ctx, account, lang, args }) {
    const info = await listInfo(ctx, account.id, args.name!);
    return t(lang, 'cmd.list-info.body', {
      name: info.name, contacts: info.contacts.toLocaleString('en-US'), suppressed: info.suppressed.toLocaleString('en-US'),
      vars: info.variables.length ? info.variables.join(', ') : t(lang, 'cmd.list-info.none'),
      campaigns: info.campaigns.length ? info.campaigns.map((c) => `${c.name} (${render(lang, statusName(c.status))})`).join(', ') : t(lang, 'cmd.list-info.none'),
    });
  },
};
