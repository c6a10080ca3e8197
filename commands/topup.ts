// topup AMOUNT: asks the admin for credits; nothing is charged until an admin approves it.
import { requestTopup } from '../src/billing/topup-requests.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const topup: CommandSpec = {
  id: 'topup',
  usage: { en: 'topup AMOUNT', tr: 'yükle MİKTAR', ur: 'topup AMOUNT' },
  patterns: {
    en: [/^(?:top\s?-?up|recharge|buy)(?:\s+credits?)?\s+(?<amount>[\d][\d,. _]*)(?:\s+credits?)?$/i, /^(?:add|buy)\s+(?<amount>[\d][\d,. _]*)\s+credits?$/i],
    tr: [/^(?:yükle|yukle|kredi yükle|kredi yukle|kredi al)\s+(?<amount>[\d][\d,. _]*)(?:\s+kredi)?$/i, /^(?<amount>[\d][\d,. _]*)\s+kredi\s+(?:yükle|yukle|al|istiyorum)$/i],
    ur: [/^(?<amount>[\d][\d,. _]*)\s+credits?\s+(?:chahiye|dalo|daal do|add karo|khareedna hai)$/i, /^topup\s+karo\s+(?<amount>[\d][\d,. _]*)$/i],
  },
  examples: {
    en: ['topup 5000', 'I want to buy more credits', 'add credits to my account', 'recharge my credits', 'how can I top up', 'I need more credits', 'purchase credits'],
    tr: ['kredi yükle 5000', 'daha fazla kredi almak istiyorum', 'hesabıma kredi ekle', 'kredi yüklemek istiyorum', 'nasıl kredi yüklerim', 'daha çok krediye ihtiyacım var', 'kredi satın al'],
    ur: ['5000 credits chahiye', 'mujhe mazeed credits khareedne hain', 'mere account mein credits dalo', 'credits recharge karo', 'topup kaise karun', 'mujhe aur credit chahiye', 'credits khareedna hai'],
  },
  args: [{ name: 'amount', type: 'amount', required: true }],
  role: 'owner',
  confirm: false,
  async handler({ ctx, account, member, lang, args }) {
    const credits = Number(args.amount);
    const row = await requestTopup(ctx.db, { accountId: account.id, memberId: member.id, credits, at: ctx.clock.now() },
      { type: 'member', id: member.id, label: member.phone });
    return t(lang, 'cmd.topup.done', { id: row.id, credits: credits.toLocaleString('en-US') });
  },
};
