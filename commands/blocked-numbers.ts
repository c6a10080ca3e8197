// blocked: the account's opt-outs, newest first, with who added each (the recipient's STOP,
// the owner, an admin or an import); the first page only, the export has all.
import { countSuppressions, listSuppressions } from '../src/suppression.js';
import { t, type MessageKey } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

const SHOWN = 20;

export const blockedNumbersCommand: CommandSpec = {
  id: 'blocked-numbers',
  usage: { en: 'blocked', tr: 'engellenenler', ur: 'blocked numbers' },
  patterns: {
    en: [/^(?:(?:show|list)\s+(?:me\s+)?(?:the\s+|my\s+|all\s+)?(?:blocked|opted[\s-]?out)\s+(?:numbers|contacts)|blocked|blocked numbers|show blocked(?: numbers)?|opt[\s-]?outs|block\s*list|blacklist|do not send list|suppression list)$/i],
    tr: [/^(?:(?:engellenen|engelli) numaraları (?:göster|listele)|engellenenler|engellenen numaralar|engelli numaralar|kara liste|kara listem)$/i],
    ur: [/^(?:blocked numbers dikhao|block list dikhao|block list|blocked list|blocked numbers)$/i],
  },
  examples: {
    en: ['blocked', 'which numbers are blocked', 'show me the do not send list', 'who opted out', 'list the numbers that said stop'],
    tr: ['engellenenler', 'hangi numaralar engelli', 'kara listeyi göster', 'kimler abonelikten çıktı', 'stop diyen numaraları göster'],
    ur: ['blocked numbers dikhao', 'kaun se number block hain', 'block list dikhao', 'kis kis ne stop bheja', 'opt out wale number dikhao'],
  },
  args: [],
  role: 'viewer',
  confirm: false,
  // Reached by its grammar only: trained into the NLU it took guesses from remove-contact and the campaign verbs.
  grammarOnly: true,
  async handler({ ctx, account, lang }) {
    const total = await countSuppressions(ctx.db, account.id);
    if (!total) return t(lang, 'cmd.blocked-numbers.none');
    const page = await listSuppressions(ctx.db, account.id, { limit: SHOWN, newestFirst: true });
    const lines = page.items.map((s) => t(lang, 'cmd.blocked-numbers.line', {
      phone: s.phone, source: t(lang, `cmd.blocked-numbers.source.${s.source}` as MessageKey), date: s.created_at.toISOString().slice(0, 10),
    }));
    const more = total > page.items.length ? [t(lang, 'cmd.blocked-numbers.more', { n: (total - page.items.length).toLocaleString('en-US') })] : [];
    return [t(lang, 'cmd.blocked-numbers.head', { n: total.toLocaleString('en-US') }), ...lines, ...more].join('\n');
  },
};
