// The per-contact frequency cap (issue 21 item 8): at most one campaign message per number per
// the plan's `contact_cap_hours` across the account's campaigns, counted per channel (an SMS
// campaign does not wait for numbers a WhatsApp campaign reached). One indexed probe
// (outbox_contact_cap_idx, migration 0485) says whether a row's number was claimed by another
// of the account's campaigns since the cutoff: rows claimed (sending) count at once, so two
// campaigns do not both reach a number; failed and skipped rows never reached it.

const REACHED = `('sending', 'sent', 'delivered', 'read', 'uncertain')`;
const sameContact = (alias: string, cutoff: string) =>
  `rc.account_id = ${alias}.account_id AND rc.phone = ${alias}.phone AND rc.channel = ${alias}.channel AND rc.claimed_at > ${cutoff}
                     AND rc.status IN ${REACHED}`;

/** SQL: the number of outbox row `alias` was reached since the timestamptz parameter `cutoff`. */
export function reachedSince(alias: string, cutoff: string): string {
  return `EXISTS (SELECT 1 FROM outbox rc WHERE ${sameContact(alias, cutoff)})`;
}

/**
 * SQL: until when row `alias` must wait, or null when it may be sent now. A number another
 * campaign reached waits until that message is `capHours` old; a number only in flight elsewhere
 * (sending: it may yet fail, and a failed send reached nobody) is looked at again after
 * `recheckS` seconds rather than held for the whole cap.
 */
export function holdUntil(alias: string, cutoff: string, now: string, capHours: string, recheckS: string): string {
  return `(SELECT CASE WHEN max(rc.claimed_at) FILTER (WHERE rc.status <> 'sending') IS NOT NULL
                       THEN max(rc.claimed_at) FILTER (WHERE rc.status <> 'sending') + make_interval(hours => ${capHours})
                       WHEN count(*) > 0 THEN ${now} + make_interval(secs => ${recheckS}) END
             FROM outbox rc WHERE ${sameContact(alias, cutoff)})`;
}

/** The cap's cutoff at `now`, or null when the plan has no cap. */
export function capCutoff(now: Date, capHours: number): Date | null {
  return capHours > 0 ? new Date(now.getTime() - capHours * 3_600_000) : null;
}
