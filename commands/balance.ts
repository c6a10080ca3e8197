// balance: credits, reserved credits, plan, what is left of today's plan limit, next bill.
import { nextBill } from '../src/billing/subscriptions.js';
import { messagesSentToday } from '../src/billing/usage.js';
import { getBalance } from '../src/credits.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

const fmt = (n: number) => n.toLocaleString('en-US');

export const balance: CommandSpec = {
  id: 'balance',
  usage: { en: 'balance', tr: 'bakiye', ur: 'balance' },
  patterns: {
    en: [/^(?:balance|credits?|my balance|check balance)$/i],
    tr: [/^(?:bakiye|bakiyem|kredi|kredim|bakiyem ne kadar)$/i],
    ur: [/^(?:balance batao|balance dikhao|mera balance|credit kitna hai|mera balance kitna hai)$/i],
  },
  examples: {
    en: ['balance', 'how much credit do I have left', 'what is my balance', 'check my credits', 'how many credits remain', 'show my account balance', 'credits left?', 'do I have enough credit', 'how many messages can I still send today'],
    tr: ['bakiyem ne kadar', 'ne kadar kredim kaldı', 'bakiyemi göster', 'kredimi kontrol et', 'kaç kredim var', 'hesap bakiyesi', 'kalan kredi', 'yeterli kredim var mı', 'bugün kaç mesaj daha gönderebilirim'],
    ur: ['mera balance kitna hai', 'kitne credits bache hain', 'balance batao', 'mere credits check karo', 'kitna credit baqi hai', 'account ka balance dikhao', 'credit kitna reh gaya', 'kya mere paas kafi credit hai', 'aaj kitne messages aur bhej sakta hoon'],
  },
  args: [],
  role: 'viewer',
  confirm: false,
  allowWhenSuspended: true,
  async handler({ ctx, account, lang }) {
    const bal = await getBalance(ctx.db, account.id);
    const used = await messagesSentToday(ctx.db, account.id, ctx.clock.now());
    const { invoice, periodEnd } = await nextBill(ctx.db, account.id);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const bill = invoice
      ? t(lang, 'cmd.balance.invoice_due', { amount: fmt(invoice.amount_minor / 100), currency: invoice.currency, date: day(invoice.due_at) })
      : periodEnd ? day(periodEnd) : t(lang, 'cmd.balance.no_bill');
    const limit = account.plan.daily_limit;
    return t(lang, 'cmd.balance.body', {
      available: fmt(bal.available), reserved: fmt(bal.reserved), plan: account.plan.name,
      left: fmt(Math.max(0, limit - used)), limit: fmt(limit), bill,
    });
  },
};
