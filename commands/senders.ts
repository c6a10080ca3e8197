// senders: each of the account's sender numbers with its state, today's count against its
// cap, its warm-up step and why it is paused. The numbers shown are what `pause sender N`,
// `resume sender N` take.
import { say } from '../src/i18n/lang.js';
import { sayState } from '../src/i18n/sender-messages.js';
import type { CommandSpec } from '../src/router/command-spec.js';
import { senderAllowance, senderOverview } from '../src/senders/index.js';

const TEXT = {
  head: { en: 'Your senders ({used} of {allowed} your plan allows):', tr: 'Göndericileriniz (planınızın izin verdiği {allowed} numaradan {used}):', ur: 'Aap ke senders (plan ki ijazat {allowed}, istemal {used}):' },
  line: { en: '{n}. {who}: {state} · today {sent} of {cap}{warmup}', tr: '{n}. {who}: {state} · bugün {sent}/{cap}{warmup}', ur: '{n}. {who}: {state} · aaj {sent}/{cap}{warmup}' },
  noCap: { en: 'no cap', tr: 'sınırsız', ur: 'koi had nahi' },
  warmup: { en: ' · warm-up day {day} of {of}', tr: ' · ısınma günü {day}/{of}', ur: ' · warm-up din {day}/{of}' },
  unlinked: { en: '(no number yet)', tr: '(henüz numara yok)', ur: '(abhi number nahi)' },
  none: {
    en: 'You have no sender number yet. Send *link sender +923001234567* (your number) to link one with a code.',
    tr: 'Henüz gönderici numaranız yok. Kodla bağlamak için *gönderici bağla +905321234567* (numaranız) yazın.',
    ur: 'Abhi aap ka koi sender number nahi. Code se link karne ke liye *sender link karo +923001234567* (apna number) bhejein.',
  },
  hint: { en: '*pause sender N* · *resume sender N* · *link sender +E164*', tr: '*göndericiyi duraklat N* · *göndericiyi sürdür N* · *gönderici bağla +E164*', ur: '*sender N roko* · *sender N resume karo* · *sender link karo +E164*' },
};

const fmt = (n: number) => n.toLocaleString('en-US');

export const senders: CommandSpec = {
  id: 'senders',
  usage: { en: 'senders', tr: 'göndericiler', ur: 'senders' },
  summary: { en: 'your sender numbers: state, today\'s count and cap, warm-up', tr: 'gönderici numaralarınız: durum, bugünkü sayı ve sınır, ısınma', ur: 'aap ke sender numbers: halat, aaj ki ginti aur had, warm-up' },
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
    if (!rows.length) return say(TEXT.none, lang);
    const { used, allowed } = await senderAllowance(ctx.db, account.id);
    const lines = rows.map((s) => say(TEXT.line, lang, {
      n: s.number,
      who: [s.phone ?? say(TEXT.unlinked, lang), s.label ? `"${s.label}"` : ''].filter(Boolean).join(' '),
      state: sayState(s.state, lang),
      sent: fmt(s.sentToday),
      cap: s.capToday === null ? say(TEXT.noCap, lang) : fmt(s.capToday),
      warmup: s.warmup ? say(TEXT.warmup, lang, { day: s.warmup.day, of: s.warmup.of }) : '',
    }));
    return [say(TEXT.head, lang, { used, allowed }), ...lines, say(TEXT.hint, lang)].join('\n');
  },
};
