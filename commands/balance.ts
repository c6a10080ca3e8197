// balance: credits, reserved credits, plan, what is left of today's plan limit, next bill.
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
    const now = ctx.clock.now();
    const usage = await ctx.db.one<{ plan: string; daily_limit: number; used: number }>(
      `SELECT p.name AS plan, p.daily_limit,
              coalesce((SELECT sum(s.sent_today) FROM sender_sessions s
                         WHERE s.account_id = a.id AND s.sent_today_date = ($2::timestamptz AT TIME ZONE a.timezone)::date), 0)::int AS used
         FROM accounts a JOIN plans p ON p.id = a.plan_id WHERE a.id = $1`, [account.id, now]);
    const invoice = await ctx.db.one<{ amount_minor: number; currency: string; due_at: Date }>(
      `SELECT amount_minor, currency, due_at FROM invoices WHERE account_id = $1 AND status = 'open' ORDER BY due_at LIMIT 1`, [account.id]);
    const sub = await ctx.db.one<{ current_period_end: Date }>(
      `SELECT current_period_end FROM subscriptions WHERE account_id = $1 AND status <> 'cancelled' ORDER BY current_period_end DESC LIMIT 1`, [account.id]);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const bill = invoice
      ? t(lang, 'cmd.balance.invoice_due', { amount: fmt(invoice.amount_minor / 100), currency: invoice.currency, date: day(invoice.due_at) })
      : sub ? day(sub.current_period_end) : t(lang, 'cmd.balance.no_bill');
    return t(lang, 'cmd.balance.body', {
      available: fmt(bal.available), reserved: fmt(bal.reserved), plan: usage!.plan,
      left: fmt(Math.max(0, usage!.daily_limit - usage!.used)), limit: fmt(usage!.daily_limit), bill,
    });
  },
};
