// delete my account: erasure of everything but billing records; needs a code.
import { eraseAccount } from '../src/account-data.js';
import { say } from '../src/i18n/lang.js';
import type { CommandSpec } from '../src/router/command-spec.js';

const TEXT = {
  ask: {
    en: 'Delete account "{name}"? Lists, contacts, campaigns, sender numbers and members are erased; campaigns still sending are cancelled. Invoices and payment records are kept 7 years, as billing law requires. This cannot be undone. Send *export my data* first if you want a copy.',
    tr: '"{name}" hesabı silinsin mi? Listeler, kişiler, kampanyalar, gönderen numaralar ve üyeler silinir; gönderimdeki kampanyalar iptal edilir. Faturalar ve ödeme kayıtları yasa gereği 7 yıl saklanır. Geri alınamaz. Kopya istiyorsanız önce *verilerimi dışa aktar* yazın.',
    ur: '"{name}" account delete karein? Lists, contacts, campaigns, sender numbers aur members mita diye jayenge; chalti campaigns cancel. Bills aur payment records qanoon ke mutabiq 7 saal rakhe jayenge. Yeh wapas nahi hoga. Copy chahiye to pehle *mera data export karo* likhein.',
  },
  done: {
    en: 'Your account has been deleted. {cancelled} campaigns were cancelled. Billing records are kept as the law requires. Goodbye.',
    tr: 'Hesabınız silindi. {cancelled} kampanya iptal edildi. Fatura kayıtları yasa gereği saklanır. Hoşça kalın.',
    ur: 'Aap ka account delete ho gaya. {cancelled} campaigns cancel huin. Billing records qanoon ke mutabiq rakhe gaye. Khuda hafiz.',
  },
};

export const deleteAccount: CommandSpec = {
  id: 'delete-account',
  usage: { en: 'delete my account', tr: 'hesabımı sil', ur: 'mera account delete karo' },
  summary: { en: 'erase your account and data', tr: 'hesabınızı ve verilerinizi silin', ur: 'apna account aur data mitayein' },
  patterns: {
    en: [/^(?:delete|close|remove|erase)\s+(?:my\s+)?account$/i],
    tr: [/^(?:hesabımı sil|hesabimi sil|hesabımı kapat|hesabimi kapat)$/i],
    ur: [/^(?:mera account delete karo|mera account band karo|account delete karo|account khatam karo)$/i],
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
    return say(TEXT.ask, lang, { name: account.name });
  },
  async handler({ ctx, account, member, lang }) {
    const r = await eraseAccount(ctx, account.id, { type: 'member', id: member.id, label: member.phone });
    return say(TEXT.done, lang, { cancelled: r.campaignsCancelled });
  },
};
