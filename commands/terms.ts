// terms: shows the current terms and whether this account accepted them.
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';
import { ensureDefaultTerms, hasAcceptedCurrentTerms } from '../src/terms.js';

export const terms: CommandSpec = {
  id: 'terms',
  usage: { en: 'terms', tr: 'şartlar', ur: 'sharait' },
  patterns: {
    en: [/^(?:terms|terms of service|terms and conditions|rules)$/i],
    tr: [/^(?:şartlar|sartlar|koşullar|kosullar|sözleşme)$/i],
    ur: [/^(?:sharait|sharaait|qawaid)$/i],
  },
  examples: {
    en: ['terms', 'show me the terms of service', 'what are the rules', 'read the terms and conditions', 'send me your terms'],
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
    return [t(lang, 'cmd.terms.head', { version: current.version }), '', current.body, '', t(lang, ok ? 'cmd.terms.accepted' : 'cmd.terms.pending')].join('\n');
  },
};
