// The per-contact frequency cap (issue 21 item 8): at most one campaign message per number per
// the plan's `contact_cap_hours` across the account's campaigns. One indexed probe
// (outbox_contact_cap_idx, migration 0485) says whether a row's number was claimed by another
// of the account's campaigns since the cutoff: rows claimed (sending) count at once, so two
// campaigns do not both reach a number; failed and skipped rows never reached it.

/** SQL: the number of outbox row `alias` was reached since the timestamptz parameter `cutoff`. */
export function reachedSince(alias: string, cutoff: string): string {
  return `EXISTS (SELECT 1 FROM outbox rc
                   WHERE rc.account_id = ${alias}.account_id AND rc.phone = ${alias}.phone AND rc.claimed_at > ${cutoff}
                     AND rc.status IN ('sending', 'sent', 'delivered', 'read', 'uncertain'))`;
}

/** The cap's cutoff at `now`, or null when the plan has no cap. */
export function capCutoff(now: Date, capHours: number): Date | null {
  return capHours > 0 ? new Date(now.getTime() - capHours * 3_600_000) : null;
}
