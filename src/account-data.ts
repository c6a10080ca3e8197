// Data-subject rights for an account (RULES.md "Data"): a machine-readable export of
// everything we hold about it, and erasure that keeps only what billing law requires
// (invoices, payments, ledger: 7 years).
import { audit, type Actor } from './audit.js';
import { dropCachedMedia } from './content/media.js';
import { cancelCampaign } from './campaigns/control.js';
import type { Ctx } from './context.js';
import type { Queryable } from './db/database.js';
import { lockAccount } from './credits.js';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';

const PAGE = 5000;
/** Rows turned into text between two turns of the event loop: a page at once held it ~20 ms of CPU (×10 on a loaded machine). */
const SLICE = 500;

/** JSON lines of rows, SLICE at a time with a turn of the event loop between, so /healthz and other requests get in. */
async function writeRows<T>(rows: T[], first: boolean, indent: string, write: (text: string) => Promise<void>, toJson: (r: T) => unknown): Promise<void> {
  for (let i = 0; i < rows.length; i += SLICE) {
    let text = '';
    for (let j = i; j < Math.min(rows.length, i + SLICE); j++) text += `${first && j === 0 ? '' : ','}\n${indent}${JSON.stringify(toJson(rows[j]!))}`;
    await write(text);
    await nextTurn();
  }
}

/**
 * The same export as exportAccountData, written to a file as it is read: contacts and
 * messages come a page at a time (keyset by id), so memory stays flat whatever the account's
 * size. The shape of the JSON is the same.
 */
export async function writeAccountExport(ctx: Ctx, accountId: number, file: string): Promise<void> {
  const out = createWriteStream(file, { mode: 0o600 });
  const write = async (text: string) => { if (!out.write(text)) await once(out, 'drain'); };
  try {
    const small = await exportAccountData(ctx, accountId, { withoutBulk: true });
    const entries = Object.entries(small);
    await write('{\n');
    for (const [key, value] of entries) {
      if (key === 'contactLists') {
        await write('  "contactLists": [');
        const lists = value as Array<{ id: number; name: string; created_at: Date }>;
        for (const [i, l] of lists.entries()) {
          await write(`${i ? ',' : ''}\n    ${JSON.stringify({ id: l.id, name: l.name, created_at: l.created_at }).slice(0, -1)}, "contacts": [`);
          let after = 0;
          let first = true;
          for (;;) {
            const rows = await ctx.db.query<{ id: number; phone: string; name: string | null; variables: unknown }>(
              'SELECT id, phone, name, variables FROM contacts WHERE list_id = $1 AND id > $2 ORDER BY id LIMIT $3', [l.id, after, PAGE]);
            await writeRows(rows, first, '      ', write, (r) => ({ phone: r.phone, name: r.name, variables: r.variables }));
            if (rows.length) first = false;
            if (rows.length < PAGE) break;
            after = rows[rows.length - 1]!.id;
          }
          await write(']}');
        }
        await write('\n  ],\n');
      } else if (key === 'messages') {
        await write('  "messages": [');
        let after = 0;
        let first = true;
        for (;;) {
          const rows = await ctx.db.query<{ id: number }>(
            `SELECT id, campaign_id, phone, status, reason, sent_at, delivered_at, read_at, failed_at FROM outbox
              WHERE account_id = $1 AND anonymised_at IS NULL AND id > $2 ORDER BY id LIMIT $3`, [accountId, after, PAGE]);
          await writeRows(rows, first, '    ', write, ({ id: _id, ...r }) => r);
          if (rows.length) first = false;
          if (rows.length < PAGE) break;
          after = rows[rows.length - 1]!.id;
        }
        await write('\n  ],\n');
      } else {
        await write(`  ${JSON.stringify(key)}: ${JSON.stringify(value)},\n`);
      }
    }
    await write(`  "complete": true\n}\n`);
    out.end();
    await once(out, 'finish');
  } catch (e) {
    out.destroy();
    throw e;
  }
}

/** Everything stored about the account, as plain JSON-able rows. Secrets (WA credentials) are left out. */
export async function exportAccountData(ctx: Ctx, accountId: number, opts: { withoutBulk?: boolean } = {}): Promise<Record<string, unknown>> {
  const q = ctx.db;
  const rows = (sql: string) => q.query(sql, [accountId]);
  // withoutBulk: lists without their contacts and no messages (writeAccountExport pages through those).
  const bulk = !opts.withoutBulk;
  return {
    exportedAt: ctx.clock.now().toISOString(),
    account: await q.one(`SELECT a.*, p.name AS plan_name FROM accounts a JOIN plans p ON p.id = a.plan_id WHERE a.id = $1`, [accountId]),
    members: await rows('SELECT id, phone, lid, name, role, language, created_at FROM members WHERE account_id = $1 ORDER BY id'),
    termsAcceptances: await rows(`SELECT v.version, ta.phone, ta.ip, ta.user_agent, ta.accepted_at FROM terms_acceptances ta
                                   JOIN terms_versions v ON v.id = ta.terms_version_id WHERE ta.account_id = $1 ORDER BY ta.id`),
    contactLists: bulk ? await rows(`SELECT l.id, l.name, l.created_at,
                                     coalesce((SELECT json_agg(json_build_object('phone', c.phone, 'name', c.name, 'variables', c.variables) ORDER BY c.id)
                                                 FROM contacts c WHERE c.list_id = l.id), '[]'::json) AS contacts
                                FROM contact_lists l WHERE l.account_id = $1 ORDER BY l.id`)
      : await rows('SELECT l.id, l.name, l.created_at FROM contact_lists l WHERE l.account_id = $1 ORDER BY l.id'),
    suppressions: await rows('SELECT phone, source, note, created_at FROM suppressions WHERE account_id = $1 ORDER BY created_at'),
    // Campaign media files (stored once by hash): what they are and which campaigns use them; the bytes stay out of the JSON.
    mediaFiles: await rows(`SELECT m.sha256, m.kind, m.mimetype, m.file_name, m.size_bytes, m.created_at,
                                   coalesce((SELECT json_agg(c.name ORDER BY c.id) FROM campaigns c WHERE c.account_id = m.account_id AND c.media_sha256 = m.sha256), '[]'::json) AS campaigns
                              FROM media_files m WHERE m.account_id = $1 ORDER BY m.created_at, m.sha256`),
    campaigns: await rows(`SELECT c.id, c.name, c.body, c.status, c.recipients, c.skipped, c.created_at, c.launched_at, c.completed_at, c.cancelled_at,
                                  (SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM outbox o WHERE o.campaign_id = c.id GROUP BY status) s) AS outbox
                             FROM campaigns c WHERE c.account_id = $1 ORDER BY c.id`),
    messages: bulk ? await rows(`SELECT campaign_id, phone, status, reason, sent_at, delivered_at, read_at, failed_at FROM outbox
                           WHERE account_id = $1 AND anonymised_at IS NULL ORDER BY id`) : [],
    senderSessions: await rows('SELECT id, label, phone, purpose, transport, status, linked_at, created_at FROM sender_sessions WHERE account_id = $1 ORDER BY id'),
    // Customers' replies, missed calls and the owners' answers: message logs (issue 21).
    customerReplies: await rows(`SELECT campaign_id, session_id, phone, name, body, media_kind, received_at, forwarded_at FROM customer_replies
                                  WHERE account_id = $1 ORDER BY received_at, id`),
    missedCalls: await rows('SELECT session_id, phone, lid, called_at, texted FROM missed_calls WHERE account_id = $1 ORDER BY called_at, id'),
    ownerReplies: await rows('SELECT session_id, phone, body, status, send_at, created_at FROM owner_replies WHERE account_id = $1 ORDER BY id'),
    creditLedger: await rows('SELECT kind, available_delta, reserved_delta, campaign_id, reference, created_at FROM credit_ledger WHERE account_id = $1 ORDER BY id'),
    subscriptions: await rows('SELECT plan_id, status, period, current_period_start, current_period_end FROM subscriptions WHERE account_id = $1 ORDER BY id'),
    invoices: await rows('SELECT id, amount_minor, currency, period_start, period_end, due_at, status, paid_at FROM invoices WHERE account_id = $1 ORDER BY id'),
    payments: await rows('SELECT amount_minor, credits, method, reference, created_at FROM payments WHERE account_id = $1 ORDER BY id'),
    topupRequests: await rows('SELECT id, credits, status, created_at, decided_at FROM topup_requests WHERE account_id = $1 ORDER BY id'),
  };
}

/** The newest records of each kind, as the console's account page lists them. */
export async function recentAccountRecords(q: Queryable, accountId: number): Promise<Record<'members' | 'subscriptions' | 'invoices' | 'payments' | 'ledger' | 'topups', Array<Record<string, any>>>> {
  const rows = (sql: string) => q.query(sql, [accountId]);
  return {
    members: await rows('SELECT id, phone, name, role, created_at FROM members WHERE account_id = $1 ORDER BY id'),
    subscriptions: await rows(`SELECT s.*, p.name AS plan_name FROM subscriptions s JOIN plans p ON p.id = s.plan_id WHERE s.account_id = $1 ORDER BY s.id DESC LIMIT 10`),
    invoices: await rows('SELECT * FROM invoices WHERE account_id = $1 ORDER BY id DESC LIMIT 20'),
    payments: await rows('SELECT * FROM payments WHERE account_id = $1 ORDER BY id DESC LIMIT 20'),
    ledger: await rows('SELECT kind, available_delta, reserved_delta, reference, actor, campaign_id, created_at FROM credit_ledger WHERE account_id = $1 ORDER BY id DESC LIMIT 20'),
    topups: await rows("SELECT id, credits, status, created_at FROM topup_requests WHERE account_id = $1 ORDER BY id DESC LIMIT 10"),
  };
}

export interface ErasureResult {
  campaignsCancelled: number;
  creditsReleased: number;
}

/**
 * Erases an account: campaigns still to send are cancelled (credits released), then lists,
 * contacts, opt-outs, campaigns and their recipients, sender sessions and members go. Invoices,
 * payments and the credit ledger stay (7-year billing rule); the account row stays, marked
 * 'erased' and nameless, because they point at it.
 */
export async function eraseAccount(ctx: Ctx, accountId: number, actor: Actor): Promise<ErasureResult> {
  let cancelled = 0;
  let released = 0;
  const open = await ctx.db.query<{ name: string }>(
    `SELECT name FROM campaigns WHERE account_id = $1 AND status IN ('draft', 'demo_sent', 'running', 'paused')`, [accountId]);
  for (const c of open) {
    const r = await cancelCampaign(ctx, accountId, c.name, actor);
    cancelled++;
    released += r.creditsReleased;
  }
  const mediaShas = (await ctx.db.query<{ sha256: string }>('SELECT sha256 FROM media_files WHERE account_id = $1', [accountId])).map((r) => r.sha256);
  await ctx.db.tx(async (t) => {
    await lockAccount(t, accountId);
    await t.exec('DELETE FROM contact_lists WHERE account_id = $1', [accountId]);
    await t.exec('DELETE FROM suppressions WHERE account_id = $1', [accountId]);
    await t.exec('DELETE FROM campaigns WHERE account_id = $1', [accountId]);
    await t.exec('DELETE FROM media_files WHERE account_id = $1', [accountId]);
    await t.exec(`DELETE FROM wa_creds WHERE session_id IN (SELECT id FROM sender_sessions WHERE account_id = $1)`, [accountId]);
    await t.exec(`DELETE FROM wa_keys WHERE session_id IN (SELECT id FROM sender_sessions WHERE account_id = $1)`, [accountId]);
    await t.exec(`DELETE FROM sender_contacts WHERE session_id IN (SELECT id FROM sender_sessions WHERE account_id = $1)`, [accountId]);
    await t.exec('DELETE FROM customer_replies WHERE account_id = $1', [accountId]);
    await t.exec('DELETE FROM missed_calls WHERE account_id = $1', [accountId]);
    await t.exec('DELETE FROM owner_replies WHERE account_id = $1', [accountId]);
    await t.exec('UPDATE accounts SET call_reply = NULL WHERE id = $1', [accountId]);
    // Messages received by its senders, and its members' own messages to the operator number.
    await t.exec(`DELETE FROM inbound_messages WHERE session_id IN (SELECT id FROM sender_sessions WHERE account_id = $1)
                     OR from_phone IN (SELECT phone FROM members WHERE account_id = $1)`, [accountId]);
    await t.exec(`UPDATE sender_sessions SET status = 'removed', phone = NULL, lid = NULL, label = NULL WHERE account_id = $1`, [accountId]);
    await t.exec('UPDATE terms_acceptances SET phone = NULL, ip = NULL, user_agent = NULL WHERE account_id = $1', [accountId]);
    await t.exec('DELETE FROM members WHERE account_id = $1', [accountId]);
    await t.exec(
      `UPDATE accounts SET status = 'erased', name = 'erased account ' || id, erased_at = $2, suspended_reason = NULL, updated_at = $2 WHERE id = $1`,
      [accountId, ctx.clock.now()]);
    await audit(t, actor, 'account.erase', accountId, { campaignsCancelled: cancelled, creditsReleased: released });
  });
  await dropCachedMedia(ctx, mediaShas);
  return { campaignsCancelled: cancelled, creditsReleased: released };
}
