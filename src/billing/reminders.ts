// Daily: issue renewal invoices, remind owners of open invoices 7, 3 and 1 days before the
// due date and on it (WhatsApp, plus e-mail when SMTP is set and the account has an
// address), and suspend accounts unpaid past the grace period. A reminder is recorded in
// billing_reminders before it is sent (at most once per invoice, day and kind); a failed
// WhatsApp send removes the record so the next run tries again.
import { suspendAccount } from '../accounts.js';
import { SYSTEM } from '../audit.js';
import type { Ctx } from '../context.js';
import type { SendWhatsApp } from '../dispatch/notify-owner.js';
import { isLang, type Lang } from '../i18n/lang.js';
import { t } from '../i18n/t.js';
import type { Mailer } from '../mailer.js';
import { UNPAID_REASON } from './payments.js';
import { issueRenewalInvoices } from './subscriptions.js';

export const REMINDER_DAYS = [7, 3, 1, 0];

export interface ReminderResult { invoicesIssued: number; reminders: number; emails: number; failed: number; suspended: number }

interface OpenInvoice {
  id: number; account_id: number; amount_minor: number; currency: string; due_at: Date; days_left: number; local_day: string;
  owner_phone: string | null; owner_language: string; billing_email: string | null; account_status: string;
}

const money = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`;
const langOf = (inv: OpenInvoice): Lang => (isLang(inv.owner_language) ? inv.owner_language : 'en');

function reminderText(inv: OpenInvoice): string {
  const params = { id: String(inv.id), amount: money(inv.amount_minor, inv.currency), date: inv.due_at.toISOString().slice(0, 10), days: inv.days_left };
  const key = inv.days_left === 0 ? 'notice.billing.due_today' : inv.days_left === 1 ? 'notice.billing.due_tomorrow' : 'notice.billing.due_in';
  return t(langOf(inv), key, params);
}

export async function runBillingReminders(ctx: Ctx, sendWhatsApp: SendWhatsApp, mailer?: Mailer): Promise<ReminderResult> {
  const { db, clock, config, log } = ctx;
  const now = clock.now();
  const result: ReminderResult = { invoicesIssued: await issueRenewalInvoices(db, clock), reminders: 0, emails: 0, failed: 0, suspended: 0 };

  const open = await db.query<OpenInvoice>(
    `SELECT i.id, i.account_id, i.amount_minor, i.currency, i.due_at, a.billing_email, a.status AS account_status,
            ((i.due_at AT TIME ZONE a.timezone)::date - ($1::timestamptz AT TIME ZONE a.timezone)::date) AS days_left,
            to_char($1::timestamptz AT TIME ZONE a.timezone, 'YYYY-MM-DD') AS local_day,
            (SELECT m.phone FROM members m WHERE m.account_id = a.id AND m.role = 'owner' ORDER BY m.id LIMIT 1) AS owner_phone,
            (SELECT coalesce(m.language, a.language) FROM members m WHERE m.account_id = a.id AND m.role = 'owner' ORDER BY m.id LIMIT 1) AS owner_language
       FROM invoices i JOIN accounts a ON a.id = i.account_id
      WHERE i.status = 'open' AND a.status <> 'erased' ORDER BY i.due_at, i.id`,
    [now]);

  for (const inv of open) {
    if (REMINDER_DAYS.includes(inv.days_left) && inv.owner_phone) {
      const claimed = await db.exec(
        `INSERT INTO billing_reminders (invoice_id, day, kind, sent_at) VALUES ($1, $2::date, $3, $4) ON CONFLICT DO NOTHING`,
        [inv.id, inv.local_day, `due-${inv.days_left}`, now]);
      if (claimed) {
        const text = reminderText(inv);
        try {
          await sendWhatsApp(inv.owner_phone, text);
          result.reminders++;
        } catch (e) {
          result.failed++;
          log.warn({ err: e, invoiceId: inv.id }, 'billing reminder not sent; will retry on the next run');
          await db.exec('DELETE FROM billing_reminders WHERE invoice_id = $1 AND day = $2::date AND kind = $3', [inv.id, inv.local_day, `due-${inv.days_left}`]);
          continue;
        }
        if (mailer?.configured && inv.billing_email) {
          await mailer.send({ to: inv.billing_email, subject: t(langOf(inv), 'notice.billing.email_subject', { id: String(inv.id) }), text })
            .then(() => { result.emails++; }, (e) => log.warn({ err: e, invoiceId: inv.id }, 'billing reminder e-mail failed'));
        }
      }
    }
    const overdueSince = inv.due_at.getTime() + config.graceDays * 86_400_000;
    if (inv.account_status === 'active' && now.getTime() > overdueSince) {
      await db.tx(async (t) => {
        await suspendAccount(t, inv.account_id, `${UNPAID_REASON} #${inv.id} (due ${inv.due_at.toISOString().slice(0, 10)})`, SYSTEM);
        await t.exec(`UPDATE subscriptions SET status = 'past_due' WHERE id = (SELECT subscription_id FROM invoices WHERE id = $1)`, [inv.id]);
      });
      inv.account_status = 'suspended';
      result.suspended++;
      for (const other of open) if (other.account_id === inv.account_id) other.account_status = 'suspended';
      if (inv.owner_phone) {
        await sendWhatsApp(inv.owner_phone, t(langOf(inv), 'notice.account.suspended_unpaid', { id: String(inv.id), amount: money(inv.amount_minor, inv.currency), graceDays: config.graceDays }))
          .catch((e) => log.warn({ err: e, accountId: inv.account_id }, 'suspension notice not sent'));
      }
    }
  }
  log.info(result, 'billing reminders done');
  return result;
}
