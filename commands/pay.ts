// pay: open invoices and how to pay them (an admin records the payment).
import { listOpenInvoices } from '../src/billing/subscriptions.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const pay: CommandSpec = {
  id: 'pay',
  usage: { en: 'pay', tr: 'öde', ur: 'pay' },
  patterns: {
    en: [/^(?:pay|invoices?|bill|my bill|how (?:do|can) i pay)$/i],
    tr: [/^(?:öde|ode|ödeme|odeme|fatura|faturalarım|faturalarim)$/i],
    ur: [/^(?:bill|bill dikhao|payment kaise karun|paise kaise bhejun)$/i],
  },
  examples: {
    en: ['pay', 'how do I pay my bill', 'show my invoices', 'I want to pay', 'do I owe anything', 'unpaid invoices', 'payment methods'],
    tr: ['ödeme yapmak istiyorum', 'faturamı nasıl öderim', 'faturalarımı göster', 'borcum var mı', 'ödenmemiş faturalar', 'ödeme yöntemleri', 'öde'],
    ur: ['payment kaise karun', 'mera bill dikhao', 'main paise dena chahta hoon', 'kya mera koi bill baqi hai', 'baqi bills', 'payment ke tareeqay', 'bill kaise jama karun'],
  },
  args: [],
  role: 'viewer',
  confirm: false,
  allowWhenSuspended: true,
  async handler({ ctx, account, lang }) {
    const open = await listOpenInvoices(ctx.db, account.id);
    if (!open.length) return t(lang, 'cmd.pay.none');
    const lines = open.map((i) => t(lang, 'cmd.pay.line', { id: i.id, amount: (i.amount_minor / 100).toLocaleString('en-US'), currency: i.currency, date: i.due_at.toISOString().slice(0, 10) }));
    return [t(lang, 'cmd.pay.head'), ...lines, '', t(lang, 'cmd.pay.how', { id: open[0]!.id })].join('\n');
  },
};
