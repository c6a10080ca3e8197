// lists: the account's contact lists with their sizes.
import { listLists } from '../src/contacts/lists.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const lists: CommandSpec = {
  id: 'lists',
  usage: { en: 'lists', tr: 'listeler', ur: 'lists' },
  patterns: {
    en: [/^(?:lists|my lists|show lists|contact lists)$/i],
    tr: [/^(?:listeler|listelerim|listelerimi göster)$/i],
    ur: [/^(?:meri lists|lists dikhao|saari lists)$/i],
  },
  examples: {
    en: ['lists', 'show my contact lists', 'what lists do I have', 'which lists exist', 'all my lists', 'display my lists please'],
    tr: ['listelerim', 'kişi listelerimi göster', 'hangi listelerim var', 'tüm listeler', 'listeleri göster lütfen', 'listelerimi görmek istiyorum'],
    ur: ['meri lists dikhao', 'meri contact lists kaun si hain', 'kitni lists hain', 'saari lists dikhao', 'lists ki tafseel do', 'apni lists dekhni hain'],
  },
  args: [],
  role: 'viewer',
  confirm: false,
  async handler({ ctx, account, lang }) {
    const all = await listLists(ctx, account.id);
    if (!all.length) return t(lang, 'cmd.lists.none');
    return [t(lang, 'cmd.lists.head'), ...all.map((l) => t(lang, 'cmd.lists.line', { name: l.name, n: l.contacts.toLocaleString('en-US') }))].join('\n');
  },
};
