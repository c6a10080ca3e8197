// Why an account is suspended, as its owner reads it. The billing job writes a fixed form
// ("unpaid invoice #12 (due 2026-03-10)"), shown in the owner's language; an admin's own
// words are shown only to English readers, so no reply mixes languages.
import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/t.js';
import { UNPAID_REASON } from './payments.js';

const UNPAID = new RegExp(`^${UNPAID_REASON} #(\\d+) \\(due (\\d{4}-\\d{2}-\\d{2})\\)$`);

export function suspensionReason(reason: string | null | undefined, lang: Lang): string | undefined {
  if (!reason) return undefined;
  const unpaid = UNPAID.exec(reason);
  if (unpaid) return t(lang, 'notice.account.suspended_reason.unpaid', { id: unpaid[1]!, date: unpaid[2]! });
  return lang === 'en' ? reason : undefined;
}
