// Who a campaign goes to: its list's contacts, or (retargeting, issue 14 item 6) the recipients
// of another campaign by their result. One SQL source of (phone, name, variables) rows for the
// launch's INSERT … SELECT, its counts and the demo's sample contact, so every rule (opt-outs
// filtered at launch, the minimum size, credits) applies to both alike.

export type Audience = 'not_read' | 'not_delivered' | 'failed' | 'read';

/** The outbox statuses each audience takes from the source campaign (skipped rows never: they were not sent). */
export const AUDIENCE_STATUSES: Record<Audience, readonly string[]> = {
  // Reached WhatsApp, no read receipt (yet).
  not_read: ['sent', 'delivered'],
  // Tried, and no delivery receipt: still only sent, failed, or uncertain after a crash.
  not_delivered: ['sent', 'failed', 'uncertain'],
  failed: ['failed'],
  read: ['read'],
};

export interface AudienceOf {
  list_id: number | null;
  source_campaign_id?: number | null;
  audience?: Audience | null;
}

export function isRetarget(c: AudienceOf): boolean {
  return !!c.source_campaign_id && !!c.audience;
}

/**
 * A subquery yielding the audience's (phone, name, variables), its parameters starting at
 * `$first`; undefined when the campaign has no audience left (its list was deleted).
 */
export function audienceSql(c: AudienceOf, first: number): { sql: string; params: unknown[] } | undefined {
  if (isRetarget(c)) {
    return {
      // Anonymised rows (past retention) hold no number to send to.
      sql: `(SELECT phone, name, variables, id, email FROM outbox WHERE campaign_id = $${first}::int AND anonymised_at IS NULL AND status = ANY($${first + 1}::text[]))`,
      params: [c.source_campaign_id, AUDIENCE_STATUSES[c.audience!]],
    };
  }
  if (c.list_id === null) return undefined;
  return { sql: `(SELECT phone, name, variables, id, email FROM contacts WHERE list_id = $${first}::int)`, params: [c.list_id] };
}
