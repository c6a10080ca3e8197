// delete list NAME: removes a list and its contacts; campaigns already made from it keep
// their recipients and results. It deletes, so it waits for a confirmation code.
import { deleteList, listInfo } from '../src/contacts/lists.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const deleteListCommand: CommandSpec = {
  id: 'delete-list',
  usage: { en: 'delete list NAME', tr: 'liste sil AD', ur: 'list delete karo NAAM' },
  patterns: {
    en: [
      /^(?:delete|remove|drop|erase)\s+(?:the\s+|my\s+)?(?:contact\s+)?list\s+(?:called\s+|named\s+)?(?<name>[^\n]+)$/i,
      /^(?:delete|remove|drop|erase)\s+(?:the\s+|my\s+)?(?<name>[^\n]+?)\s+(?:contact\s+)?list$/i,
    ],
    tr: [
      /^(?:liste sil|listeyi sil|listesini sil)\s+(?<name>[^\n]+)$/i,
      /^(?<name>[^\n]+?)\s+(?:listesini|listeyi|adlı listeyi|adli listeyi)\s+(?:sil|kaldır|kaldir)$/i,
    ],
    ur: [
      /^(?:list delete karo|list mitao|list khatam karo|list hatao)\s+(?<name>[^\n]+)$/i,
      /^(?<name>[^\n]+?)\s+(?:wali\s+|ki\s+|naam ki\s+)?list\s+(?:delete karo|delete kar do|delete kardo|mita do|mitao|khatam karo|khatam kar do|hata do|hatao)$/i,
    ],
  },
  examples: {
    en: ['delete list vip', 'remove the whole contact list', 'get rid of this list entirely', 'i dont need that list anymore, delete it', 'erase a contact list'],
    tr: ['liste sil vip', 'bu listeyi tamamen sil', 'listeye artık ihtiyacım yok sil', 'kişi listesini kaldır', 'listemi silmek istiyorum'],
    ur: ['list delete karo vip', 'poori list mita do', 'yeh list ab nahi chahiye delete kar do', 'contact list khatam kar do', 'meri list hata do'],
  },
  args: [{ name: 'name', type: 'name', required: true, refers: 'list' }],
  role: 'manager',
  confirm: true,
  // Reached by its grammar only: trained into the NLU it took guesses from remove-contact and the campaign verbs.
  grammarOnly: true,
  async describe({ ctx, account, lang, args }) {
    const info = await listInfo(ctx, account.id, args.name!);
    return t(lang, 'cmd.delete-list.ask', { name: info.name, contacts: info.contacts.toLocaleString('en-US') });
  },
  async handler({ ctx, account, lang, args }) {
    const r = await deleteList(ctx, account.id, args.name!);
    return t(lang, 'cmd.delete-list.done', { name: r.name, contacts: r.contacts.toLocaleString('en-US') });
  },
};
