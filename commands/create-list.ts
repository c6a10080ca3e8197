// create list NAME
import { createList } from '../src/contacts/lists.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const createListCommand: CommandSpec = {
  id: 'create-list',
  usage: { en: 'create list NAME', tr: 'liste oluştur AD', ur: 'list banao NAAM' },
  patterns: {
    en: [/^(?:create|make|new|add)\s+(?:a\s+)?(?:new\s+)?(?:contact\s+)?list\s+(?:called\s+|named\s+)?(?<name>[^\n]+)$/i],
    tr: [/^(?:liste oluştur|liste olustur|yeni liste)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+(?:listesi|adlı liste|adli liste)\s+(?:oluştur|olustur|aç|ac)$/i],
    ur: [/^(?:list banao|nayi list)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+(?:naam ki\s+)?(?:list banao|ki list banao|list bana do)$/i],
  },
  examples: {
    en: ['create list vip', 'make a new contact list', 'I want a new list', 'start a fresh list for customers', 'new list please', 'set up another contact list'],
    tr: ['liste oluştur vip', 'yeni bir kişi listesi oluştur', 'yeni liste açmak istiyorum', 'müşteriler için liste yap', 'yeni liste lütfen', 'başka bir liste oluştur'],
    ur: ['list banao vip', 'nayi contact list banao', 'mujhe nayi list chahiye', 'customers ke liye list bana do', 'aik aur list banani hai', 'naya list shuru karo'],
  },
  args: [{ name: 'name', type: 'name', required: true }],
  role: 'manager',
  confirm: false,
  async handler({ ctx, account, lang, args }) {
    const list = await createList(ctx, account.id, args.name!);
    return t(lang, 'cmd.create-list.done', { name: list.name });
  },
};
