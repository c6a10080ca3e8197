// agree: the owner accepts the current terms version (recorded with phone and time).
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';
import { UserError } from '../src/router/command-spec.js';
import { acceptTerms } from '../src/terms.js';

export const agree: CommandSpec = {
  id: 'agree',
  usage: { en: 'AGREE', tr: 'KABUL', ur: 'AGREE' },
  patterns: {
    en: [/^(?:i\s+)?(?:agree|accept)(?:\s+(?:the\s+)?terms)?$/i],
    tr: [/^(?:kabul|kabul ediyorum|şartları kabul ediyorum|onaylıyorum)$/i],
    ur: [/^(?:manzoor|manzoor hai|qabool|qabool hai|main agree karta hoon)$/i],
  },
  examples: {
    en: ['agree', 'I accept the terms', 'I agree to the terms', 'accept terms and conditions', 'yes I agree with the rules'],
    tr: ['kabul ediyorum', 'şartları kabul ediyorum', 'koşulları onaylıyorum', 'kuralları kabul ediyorum', 'sözleşmeyi kabul ediyorum'],
    ur: ['manzoor hai', 'mujhe sharait manzoor hain', 'main sharait qabool karta hoon', 'terms manzoor hain', 'qawaid qabool hain'],
  },
  args: [],
  role: 'owner',
  confirm: false,
  allowWhenSuspended: true,
  allowBeforeTerms: true,
  async handler({ ctx, member, account, lang }) {
    if (member.role !== 'owner') throw new UserError(t(lang, 'cmd.agree.owner_only'));
    const r = await acceptTerms(ctx.db, { accountId: account.id, memberId: member.id, phone: member.phone },
      { type: 'member', id: member.id, label: member.phone }, { via: 'chat' });
    return t(lang, r.already ? 'cmd.agree.already' : 'cmd.agree.done', { version: r.version });
  },
};
