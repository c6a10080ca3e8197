// How far a campaign has got, from its outbox counts per status: the one rule behind the
// chat's status, the console's list and bars, and the campaign page.
import type { CampaignStatus } from './campaigns.js';

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'uncertain', 'skipped'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export interface Progress {
  /** Rows meant to be sent (every row but the skipped ones). */
  toSend: number;
  /** Rows that reached a final state: sent, delivered, read, failed or uncertain. */
  done: number;
  failed: number;
  delivered: number;
  /** done of toSend (0..1); a completed campaign with nothing to send is 1. */
  fraction: number;
}

export function progressOf(counts: Partial<Record<OutboxStatus, number>>, status: CampaignStatus): Progress {
  const n = (s: OutboxStatus) => counts[s] ?? 0;
  const toSend = OUTBOX_STATUSES.reduce((sum, s) => sum + n(s), 0) - n('skipped');
  const done = toSend - n('queued') - n('sending');
  return {
    toSend, done, failed: n('failed'), delivered: n('delivered') + n('read'),
    fraction: toSend > 0 ? done / toSend : status === 'completed' ? 1 : 0,
  };
}
