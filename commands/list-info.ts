// list info NAME: size, opted-out numbers, columns, campaigns using it.
import { listInfo } from '../src/contacts/lists.js';
import { campaignStatusName } from '../src/i18n/campaign-status-names.js';
import { say } from '../src/i18n/lang.js';
import type { CommandSpec } from '../src/router/command-spec.js';

const TEXT = {
  body: {
    en: 'List "{name}": {contacts} contacts, {suppressed} of them opted out (skipped at launch).\nColumns: {vars}\nCampaigns: {campaigns}',
    tr: '"{name}" listesi: {contacts} kişi, {suppressed} tanesi çıkış yaptı (gönderimde atlanır).\nSütunlar: {vars}\nKampanyalar: {campaigns}',
    ur: '"{name}" list: {contacts} contacts, jin mein se {suppressed} ne opt-out kiya (launch par chhor diye jayenge).\nColumns: {vars}\nCampaigns: {campaigns}',
  },
  none: { en: 'none', tr: 'yok', ur: 'koi nahi' },
};

export const listInfoCommand: CommandSpec = {
  id: 'list-info',
  usage: { en: 'list info NAME', tr: 'liste bilgisi AD', ur: 'list info NAAM' },
  summary: { en: 'details of one list', tr: 'bir listenin ayrıntıları', ur: 'aik list ki tafseel' },
  patterns: {
    en: [/^(?:list\s+info|info\s+(?:on\s+|about\s+)?list|show\s+list|about\s+list)\s+(?<name>[^\n]+)$/i],
    tr: [/^(?:liste bilgisi|liste bilgi|listeyi göster|listeyi goster)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+listesi(?:ni göster| bilgisi)$/i],
    ur: [/^(?:list info|list ki tafseel)\s+(?<name>[^\n]+)$/i, /^(?<name>[^\n]+?)\s+list\s+(?:ki tafseel|dikhao|ka hisaab)$/i],
  },
  examples: {
    en: ['list info vip', 'how many contacts are in my list', 'details about a list', 'tell me about the list', 'what is in this list', 'show the contents of a list', 'how many numbers are on the list', 'size of the list', 'how big is this list', 'count the contacts in the list', 'list details please'],
    tr: ['liste bilgisi vip', 'listemde kaç kişi var', 'bir listenin ayrıntıları', 'liste hakkında bilgi ver', 'bu listede neler var', 'listenin içeriğini göster', 'listede kaç kişi var', 'listenin boyutu ne', 'listede kaç numara kayıtlı', 'listenin detaylarını göster', 'liste kaç kişilik'],
    ur: ['list info vip', 'meri list mein kitne contacts hain', 'list ki tafseel batao', 'list ke bare mein batao', 'is list mein kya hai', 'list ka hisaab dikhao', 'list mein kitne log hain', 'list kitni bari hai', 'list mein kitne numbers hain', 'list ki details batao', 'is list ka size kya hai'],
  },
  args: [{ name: 'name', type: 'name', required: true, refers: 'list' }],
  role: 'viewer',
  confirm: false,
  async handler({ ctx, account, lang, args }) {
    const info = await listInfo(ctx, account.id, args.name!);
    return say(TEXT.body, lang, {
      name: info.name, contacts: info.contacts.toLocaleString('en-US'), suppressed: info.suppressed.toLocaleString('en-US'),
      vars: info.variables.length ? info.variables.join(', ') : say(TEXT.none, lang),
      campaigns: info.campaigns.length ? info.campaigns.map((c) => `${c.name} (${campaignStatusName(c.status, lang)})`).join(', ') : say(TEXT.none, lang),
    });
  },
};
