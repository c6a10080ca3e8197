// set email ADDRESS: the account's e-mail address, where the demo of an e-mail campaign goes (issue 16).
import { setOwnerEmail } from '../src/channels/owner-email.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const setEmail: CommandSpec = {
  id: 'set-email',
  usage: { en: 'set email ADDRESS', tr: 'e-posta ayarla ADRES', ur: 'email set karo ADDRESS' },
  patterns: {
    en: [/^(?:set|change|update)\s+(?:my\s+|the\s+)?(?:account\s+)?e-?mail(?:\s+address)?\s+(?:to\s+)?(?<email>\S+@\S+)$/i, /^my\s+e-?mail\s+is\s+(?<email>\S+@\S+)$/i],
    tr: [/^e-?posta(?:\s+adresimi|\s+adresi|mı)?\s+(?:ayarla|değiştir|degistir|kaydet)\s+(?<email>\S+@\S+)$/i, /^e-?posta(?:\s+adresim)?\s+(?<email>\S+@\S+)$/i],
    ur: [/^(?:mera\s+)?e-?mail\s+(?:set|badlo|change)\s+karo\s+(?<email>\S+@\S+)$/i, /^(?:mera\s+)?e-?mail\s+(?<email>\S+@\S+)\s+(?:set karo|rakho|hai)$/i],
  },
  examples: {
    en: ['set email owner@example.com'],
    tr: ['e-posta ayarla sahip@ornek.com'],
    ur: ['email set karo owner@example.com'],
  },
  args: [{ name: 'email', type: 'text', required: true }],
  role: 'owner',
  confirm: false,
  grammarOnly: true,
  async handler({ ctx, account, member, lang, args }) {
    const email = await setOwnerEmail(ctx.db, account.id, args.email!, { type: 'member', id: member.id, label: member.phone });
    return t(lang, 'cmd.set-email.done', { email });
  },
};
