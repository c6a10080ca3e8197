// senders: each of the account's sender numbers with its state, today's count against its
// cap, its warm-up step and why it is paused. The numbers shown are what `pause sender N`,
// `resume sender N` take.
import { t } from '../src/i18n/t.js';
import { sayState } from '../src/i18n/sender-messages.js';
import type { CommandSpec } from '../src/router/command-spec.js';
import { senderAllowance, senderOverview } from '../src/senders/index.js';

const fmt = (n: number) => n.toLocaleString('en-US');

export const senders: CommandSpec = {
  id: 'senders',
  usage: { en: 'senders', tr: 'göndericiler', ur: 'senders' },
  patterns: {
    en: [/^(?:(?:show|list)\s+)?(?:my\s+)?senders$/i, /^(?:my\s+)?sender\s+numbers$/i],
    tr: [/^göndericiler(?:im)?$/i, /^göndericileri(?:mi)?\s+(?:göster|listele)$/i],
    ur: [/^(?:mere\s+)?senders\s+(?:dikhao|batao)$/i, /^(?:mere\s+)?sender\s+numbers\s+(?:dikhao|batao)$/i],
  },
  examples: {
    en: ['senders', 'show my senders', 'which numbers send my campaigns', 'list my sender numbers', 'how are my sending numbers doing'],
    tr: ['göndericiler', 'göndericilerimi göster', 'kampanyalarımı hangi numaralar gönderiyor', 'gönderici numaralarımı listele', 'gönderici numaralarım ne durumda'],
    ur: ['senders dikhao', 'mere senders dikhao', 'kaun se numbers meri campaign bhejte hain', 'mere sender numbers ki list do', 'mere sending numbers ka haal batao'],
  },
  args: [],
  role: 'viewer',
  confirm: false,
  async handler({ ctx, account, lang }) {
    const rows = await senderOverview(ctx, { accountId: account.id });
    if (!rows.length) return t(lang, 'cmd.senders.none');
    const { used, allowed } = await senderAllowance(ctx.db, account.id);
    const lines = rows.map((s) => t(lang, 'cmd.senders.line', {
      n: s.number,
      who: [s.phone ?? t(lang, 'cmd.senders.unlinked'), s.label ? `"${s.label}"` : ''].filter(Boolean).join(' '),
      state: sayState(s.state, lang),
      sent: fmt(s.sentToday),
      cap: s.capToday === null ? t(lang, 'cmd.senders.no_cap') : fmt(s.capToday),
      warmup: s.warmup ? t(lang, 'cmd.senders.warmup', { day: s.warmup.day, of: s.warmup.of }) : '',
    }));
    return [t(lang, 'cmd.senders.head', { used, allowed }), ...lines, t(lang, 'cmd.senders.hint')].join('\n');
  },
};
