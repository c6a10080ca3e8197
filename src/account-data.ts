// Data-subject rights for an account (RULES.md "Data"): a machine-readable export of
// everything we hold about it, and erasure that keeps only what billing law requires
// (invoices, payments, ledger: 7 years).
import type { Ctx } from './context.js';

/** Everything stored about the account, as plain JSON-able rows. Secrets (WA credentials) are left out. */
export async function exportAccountData(ctx: Ctx, accountId: number): Promise<Record<string, unknown>> {
  const q = ctx.db;
  const rows = (sql: string) => q.query(sql, [accountId]);
  return {
    exportedAt: ctx.clock.now().toISOString(),
    account: await q.one(`SELECT a.*, p.name AS plan_name FROM accounts a JOIN plans p ON p.id = a.plan_id WHERE a.id = $1`, [accountId]),
    members: await rows('SELECT id, phone, lid, name, role, language, created_at FROM members WHERE account_id = $1 ORDER BY id'),
    termsAcceptances: await rows(`SELECT v.version, ta.phone, ta.ip, ta.user_agent, ta.accepted_at FROM terms_acceptances ta
                                   JOIN terms_versions v ON v.id = ta.terms_version_id WHERE ta.account_id = $1 ORDER BY ta.id`),
    contactLists: await rows(`SELECT l.id, l.name, l.created_at,
                                     coalesce((SELECT json_agg(json_build_object('phone', c.phone, 'name', c.name, 'variables', c.variables) ORDER BY c.id)
                                                 FROM contacts c WHERE c.list_id = l.id), '[]'::json) AS contacts
                                FROM contact_lists l WHERE l.account_id = $1 ORDER BY l.id`),
    suppressions: await rows('SELECT phone, source, note, created_at FROM suppressions WHERE account_id = $1 ORDER BY created_at'),
    campaigns: await rows(`SELECT c.id, c.name, c.body, c.status, c.recipients, c.skipped, c.created_at, c.launched_at, c.completed_at, c.cancelled_at,
                                  (SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM outbox o WHERE o.campaign_id = c.id GROUP BY status) s) AS outbox
                             FROM campaigns c WHERE c.account_id = $1 ORDER BY c.id`),
    messages: await rows(`SELECT campaign_id, phone, status, reason, sent_at, delivered_at, read_at, failed_at FROM outbox
                           WHERE account_id = $1 AND anonymised_at IS NULL ORDER BY id`),
    senderSessions: await rows('SELECT id, label, phone, purpose, transport, status, linked_at, created_at FROM sender_sessions WHERE account_id = $1 ORDER BY id'),
    creditLedger: await rows('SELECT kind, available_delta, reserved_delta, campaign_id, reference, created_at FROM credit_ledger WHERE account_id = $1 ORDER BY id'),
    subscriptions: await rows('SELECT plan_id, status, period, current_period_start, current_period_end FROM subscriptions WHERE account_id = $1 ORDER BY id'),
    invoices: await rows('SELECT id, amount_minor, currency, period_start, period_end, due_at, status, paid_at FROM invoices WHERE account_id = $1 ORDER BY id'),
    payments: await rows('SELECT amount_minor, credits, method, reference, created_at FROM payments WHERE account_id = $1 ORDER BY id'),
    topupRequests: await rows('SELECT id, credits, status, created_at, decided_at FROM topup_requests WHERE account_id = $1 ORDER BY id'),
  };
}
