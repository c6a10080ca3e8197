// A campaign state as owners read it ("demo sent, not launched"), never the internal name.
import type { Lang } from '../i18n/lang.js';
import { msg, t, type Msg } from '../i18n/t.js';
import type { CampaignStatus } from './campaigns.js';

const KEYS = {
  draft: 'status.campaign.draft', demo_sent: 'status.campaign.demo_sent', running: 'status.campaign.running',
  paused: 'status.campaign.paused', completed: 'status.campaign.completed', cancelled: 'status.campaign.cancelled',
} as const satisfies Record<CampaignStatus, string>;

export function statusName(status: CampaignStatus | string): Msg {
  return msg(KEYS[status as CampaignStatus] ?? 'status.campaign.draft');
}

const OUTBOX_REASONS = { not_on_whatsapp: 'reason.outbox.not_on_whatsapp', reach_out_locked: 'reason.outbox.reach_out_locked', frequency_cap: 'reason.outbox.frequency_cap' } as const;

/**
 * Why messages failed, as owners read it: known reasons by name; a raw send error (English,
 * from the library) only for English readers, "send error" for everyone else.
 */
export function outboxReasonName(reason: string, lang: Lang): string {
  const key = OUTBOX_REASONS[reason as keyof typeof OUTBOX_REASONS];
  if (key) return t(lang, key);
  return lang === 'en' ? reason : t(lang, 'reason.outbox.other');
}
