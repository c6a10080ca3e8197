// lists: the account's contact lists with their sizes.
import { listLists } from '../src/contacts/lists.js';
import { say } from '../src/i18n/lang.js';
import type { CommandSpec } from '../src/router/command-spec.js';

const TEXT = {
  none: { en: 'You have no contact lists yet. Create one: *create list NAME*', tr: 'Henüz kişi listeniz yok. Oluşturun: *liste oluştur AD*', ur: 'Abhi koi contact list nahi. Banayein: *list banao NAAM*' },
  head: { en: 'Your lists:', tr: 'Listeleriniz:', ur: 'Aap ki lists:' },
  line: { en: '• {name}: {n} contacts', tr: '• {name}: {n} kişi', ur: '• {name}: {n} contacts' },
};

export const lists: CommandSpec = {
  id: 'lists',
  usage: { en: 'lists', tr: 'listeler', ur: 'lists' },
  summary: { en: 'your contact lists', tr: 'kişi listeleriniz', ur: 'aap ki contact lists' },
  patterns: {
    en: [/^(?:lists|my lists|show lists|contact lists)$/i],
    tr: [/^(?:listeler|listelerim|listelerimi göster)$/i],
    ur: [/^(?:meri lists|lists dikhao|saari lists)$/i],
  },
  examples: {
    en: ['lists', 'show my contact lists', 'what lists do I have', 'which lists exist', 'all my lists', 'display my lists please'],
    tr: ['listelerim', 'kişi listelerimi göster', 'tüm listeler', 'listeleri göster lütfen', 'listelerimi görmek istiyorum', 'kayıtlı listelerimi göster', 'hangi listeler var'],
    ur: ['meri contact lists kaun si hain', 'kitni lists hain', 'saari lists dikhao', 'lists ki tafseel do', 'apni lists dekhni hain', 'meri saari lists dikhao', 'kaun kaun si lists hain'],
  },
  args: [],
  role: 'viewer',
  confirm: false,
  async handler({ ctx, account, lang }) {
    const all = await listLists(ctx, account.id);
    if (!all.length) return say(TEXT.none, lang);
    return [say(TEXT.head, lang), ...all.map((l) => say(TEXT.line, lang, { name: l.name, n: l.contacts.toLocaleString('en-US') }))].join('\n');
  },
};
