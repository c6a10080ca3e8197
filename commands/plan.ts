// plan: the account's plan and its limits.
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

const fmt = (n: number) => n.toLocaleString('en-US');

export const plan: CommandSpec = {
  id: 'plan',
  usage: { en: 'plan', tr: 'plan', ur: 'plan' },
  patterns: {
    en: [/^(?:plan|my plan|subscription|package)$/i],
    tr: [/^(?:planım|planim|paketim|paket|abonelik)$/i],
    ur: [/^(?:mera plan|plan dikhao|mera package)$/i],
  },
  examples: {
    en: ['plan', 'which plan am I on', 'what is my subscription', 'show my package', 'what are my plan limits', 'what is my daily limit', 'tell me about my plan'],
    tr: ['planım ne', 'hangi plandayım', 'aboneliğim nedir', 'paketimi göster', 'plan limitlerim neler', 'günlük limitim nedir', 'planım hakkında bilgi ver'],
    ur: ['mera plan kya hai', 'main kaun se plan par hoon', 'meri subscription kya hai', 'mera package dikhao', 'plan ki limits kya hain', 'meri rozana limit kya hai', 'plan ke bare mein batao'],
  },
  args: [],
  role: 'viewer',
  confirm: false,
  allowWhenSuspended: true,
  async handler({ account, lang }) {
    const p = account.plan;
    return t(lang, 'cmd.plan.body', {
      name: p.name, price: fmt(p.price_minor / 100), currency: p.currency, period: p.period, daily: fmt(p.daily_limit),
      senders: p.senders_allowed, min: fmt(p.min_campaign_size), cpm: p.credits_per_message,
    });
  },
};
