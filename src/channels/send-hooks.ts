// Issue 16's hooks into the dispatcher (src/dispatch/dispatcher.ts, owned by perf): where a
// claimed row goes and with what, which channels send a batch at once, and what a
// provider's refusal means for the row: queued again (never sent), or failed for good.
import type { ClaimedRow } from '../dispatch/claim.js';
import { PermanentFailureError, TemporaryFailureError, type Channel, type SendOptions } from '../gateway/channel.js';

/** The address a row is sent to: the e-mail address of an e-mail row, else the phone. */
export function recipientOf(row: ClaimedRow): string {
  return row.email?.to ?? row.phone;
}

export function sendOptionsOf(row: ClaimedRow): SendOptions {
  if (!row.email) return { messageId: row.messageId };
  return { messageId: row.messageId, email: { subject: row.email.subject, html: row.email.html, accountId: row.accountId } };
}

/** SMS binds and SMTP pools pace themselves (throughput cap, pool size): a batch goes at once. */
export function sendsBatchAtOnce(channel: Channel | undefined): boolean {
  return channel !== undefined && channel.kind !== undefined && channel.kind !== 'whatsapp';
}

export type Refusal =
  /** Not sent; queue again and let the sender wait. */
  | { outcome: 'requeue'; retryAfterMs: number }
  /** Failed; `senderFault` false when the recipient is the cause (a bounce), so it does not count toward auto-pause. */
  | { outcome: 'fail'; reason: string; senderFault: boolean }
  | undefined;

/** What a send error of an SMS / e-mail channel means; undefined = the dispatcher's own rules. */
export function refusalOf(e: unknown, row: ClaimedRow, maxAttempts: number): Refusal {
  if (e instanceof TemporaryFailureError) {
    if ((row.attempts ?? 1) >= maxAttempts) return { outcome: 'fail', reason: `${e.message} (after ${row.attempts} attempts)`, senderFault: false };
    return { outcome: 'requeue', retryAfterMs: e.retryAfterMs };
  }
  if (e instanceof PermanentFailureError) return { outcome: 'fail', reason: e.message, senderFault: false };
  return undefined;
}
