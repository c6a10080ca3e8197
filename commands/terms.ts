// terms: shows the current terms and whether this account accepted them.
import { say } from '../src/i18n/lang.js';
import type { CommandSpec } from '../src/router/command-spec.js';
import { ensureDefaultTerms, hasAcceptedCurrentTerms } from '../src/terms.js';

const TEXT = {
  head: { en: 'Terms, version {version}:', tr: 'Şartlar, sürüm {version}:', ur: 'Sharait, version {version}:' },
  accepted: { en: 'Your account has accepted this version.', tr: 'Hesabınız bu sürümü kabul etti.', ur: 'Aap ka account yeh version manzoor kar chuka hai.' },
  pending: { en: 'Reply *AGREE* to accept them.', tr: 'Kabul etmek için *KABUL* yazın.', ur: 'Manzoor karne ke liye *AGREE* likhein.' },
};

export const terms: CommandSpec = {
  id: 'terms',
  usage: { en: 'terms', tr: 'şartlar', ur: 'sharait' },
  summary: { en: 'read the terms of service', tr: 'hizmet şartlarını oku', ur: 'service ki sharait parhein' },
  patterns: {
    en: [/^(?:terms|terms of service|terms and conditions|rules)$/i],
    tr: [/^(?:şartlar|sartlar|koşullar|kosullar|sözleşme)$/i],
    ur: [/^(?:sharait|sharaait|qawaid)$/i],
  },
  examples: {
    en: ['terms', 'what are the rules', 'read the terms and conditions', 'send me your terms', 'show the terms and rules'],
    tr: ['şartlar', 'hizmet şartlarını göster', 'kurallar neler', 'kullanım koşullarını oku', 'sözleşmeyi gönder'],
    ur: ['sharait', 'service ki sharait dikhao', 'qawaid kya hain', 'terms and conditions parhao', 'apni sharait bhejo'],
  },
  args: [],
  role: 'viewer',
  confirm: false,
  allowWhenSuspended: true,
  allowBeforeTerms: true,
  async handler({ ctx, account, lang }) {
    const current = await ensureDefaultTerms(ctx.db);
    const ok = await hasAcceptedCurrentTerms(ctx.db, account.id);
    return [say(TEXT.head, lang, { version: current.version }), '', current.body, '', say(ok ? TEXT.accepted : TEXT.pending, lang)].join('\n');
  },
};
