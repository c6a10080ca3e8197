// remove NUMBER from NAME: deletes a contact, so it waits for a confirmation code.
import { getListByName, removeContact } from '../src/contacts/lists.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const removeContactCommand: CommandSpec = {
  id: 'remove-contact',
  usage: { en: 'remove NUMBER from NAME', tr: 'çıkar NUMARA LİSTE', ur: 'NUMBER ko NAAM se hatao' },
  patterns: {
    en: [/^(?:remove|delete)\s+(?:number\s+|contact\s+)?(?<phone>\+?[\d][\d\s().-]{0,24})\s+from\s+(?:list\s+)?(?<name>[^\n]+)$/i],
    tr: [/^(?:çıkar|cikar|sil)\s+(?<phone>\+?[\d][\d\s().-]{0,24})\s+(?<name>[^\n]+)$/i, /^(?<phone>\+?[\d][\d\s().-]{0,24})\s+numarasını\s+(?<name>[^\n]+?)\s+listesinden\s+(?:çıkar|cikar|sil)$/i],
    ur: [/^(?<phone>\+?[\d][\d\s().-]{0,24})\s+ko\s+(?<name>[^\n]+?)\s+se\s+(?:hatao|nikalo|mitao)$/i],
  },
  examples: {
    en: ['remove 03001234567 from vip', 'delete a number from my list', 'take this contact off the list', 'remove a contact from a list', 'drop one number from the list'],
    tr: ['çıkar 03001234567 vip', 'listemden bir numarayı sil', 'bu kişiyi listeden çıkar', 'listeden bir kişiyi kaldır', 'numarayı listeden sil'],
    ur: ['03001234567 ko vip se hatao', 'list se aik number nikalo', 'yeh contact list se hata do', 'list mein se number mitao', 'aik number list se khatam karo'],
  },
  args: [{ name: 'phone', type: 'phone', required: true }, { name: 'name', type: 'name', required: true }],
  role: 'manager',
  confirm: true,
  async describe({ ctx, account, lang, args }) {
    const list = await getListByName(ctx, account.id, args.name!);
    return t(lang, 'cmd.remove-contact.ask', { phone: args.phone!, name: list.name });
  },
  async handler({ ctx, account, lang, args }) {
    const list = await getListByName(ctx, account.id, args.name!);
    const r = await removeContact(ctx, account.id, list.name, args.phone!);
    return t(lang, r.removed ? 'cmd.remove-contact.done' : 'cmd.remove-contact.absent', { phone: r.phone, name: list.name });
  },
};
