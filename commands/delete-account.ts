// delete my account: erasure of everything but billing records; needs a code.
import { eraseAccount } from '../src/account-data.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const deleteAccount: CommandSpec = {
  id: 'delete-account',
  usage: { en: 'delete my account', tr: 'hesabımı sil', ur: 'mera account delete karo' },
  patterns: {
    en: [/^(?:delete|close|remove|erase|cancel)\s+(?:my\s+)?account$/i],
    tr: [/^(?:hesabımı sil|hesabimi sil|hesabımı kapat|hesabimi kapat)$/i],
    ur: [/^(?:mera account delete karo|mera account band karo|account delete karo|account khatam karo|mera account hata do)$/i],
  },
  examples: {
    en: ['close my account permanently', 'I want to leave and erase my data', 'remove my account and everything in it', 'terminate my account', 'please delete this account', 'erase my account completely'],
    tr: ['hesabımı sil', 'hesabımı kalıcı olarak kapat', 'ayrılmak ve verilerimi silmek istiyorum', 'hesabımı ve her şeyi kaldır', 'üyeliğimi sonlandır'],
    ur: ['mera account hamesha ke liye band karo', 'main chhorna chahta hoon mera data mita do', 'mera account aur sab kuch hata do', 'account khatam kar do', 'account delete kar do'],
  },
  args: [],
  role: 'owner',
  confirm: true,
  async describe({ account, lang }) {
    return t(lang, 'cmd.delete-account.ask', { name: account.name });
  },
  async handler({ ctx, account, member, lang }) {
    const r = await eraseAccount(ctx, account.id, { type: 'member', id: member.id, label: member.phone });
    return t(lang, 'cmd.delete-account.done', { cancelled: r.campaignsCancelled });
  },
};
