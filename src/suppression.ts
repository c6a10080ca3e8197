// Opt-outs: numbers an account must never message again. A recipient's STOP (and its Urdu
// and Turkish forms), an admin or the owner adds a number; launch skips suppressed numbers,
// and an opt-out that arrives mid-campaign skips that number's queued messages at once.
import { recordEvent } from './webhooks/events.js';
import type { Ctx } from './context.js';
import type { Queryable } from './db/database.js';
import { lockAccount, release } from './credits.js';
import { normalisePhone } from './phone.js';
import { InvalidPhoneError } from './contacts/errors.js';
import { AppError } from './app-error.js';

/** The recipient sent STOP: nobody but the recipient can undo that. */
export class RecipientOptedOutError extends AppError {
  override name = 'RecipientOptedOutError';
  constructor(readonly phone: string) {
    super('suppression.recipient_opted_out', { phone });
  }
}

export type SuppressionSource = 'reply' | 'admin' | 'owner' | 'import';

/** Replies that mean "stop messaging me"; settings key 'opt_out_keywords' (array) adds more. */
export const DEFAULT_OPT_OUT_WORDS: readonly string[] = [
  'stop', 'stopall', 'stop all', 'unsubscribe', 'cancel', 'end', 'quit', 'opt out', 'optout', 'remove me',
  'band karo', 'band kro', 'band kardo', 'band kar do', 'bnd karo', 'band', 'mat bhejo', 'message mat karo',
  'بند کرو', 'بند کریں', 'بند', 'مت بھیجو',
  'iptal', 'dur', 'durdur', 'abonelikten cik', 'istemiyorum', 'gonderme',
];

/** Lower case, no accents or punctuation, single spaces: "İPTAL!" → "iptal". */
function foldReply(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ı/g, 'i')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * True when a reply is an opt-out: the whole reply is a keyword, or starts with one and is
 * short ("STOP please", "band karo bhai"). A long sentence merely containing "stop" is not.
 */
export function isOptOutText(text: string, words: readonly string[] = DEFAULT_OPT_OUT_WORDS): boolean {
  const reply = foldReply(text);
  if (!reply) return false;
  const replyWords = reply.split(' ').length;
  return words.some((w) => {
    const k = foldReply(w);
    if (!k) return false;
    return reply === k || (reply.startsWith(k + ' ') && replyWords - k.split(' ').length <= 2);
  });
}

export async function loadOptOutWords(q: Queryable): Promise<string[]> {
  const row = await q.one<{ value: unknown }>(`SELECT value FROM settings WHERE key = 'opt_out_keywords'`);
  const extra = Array.isArray(row?.value) ? (row!.value as unknown[]).filter((w): w is string => typeof w === 'string') : [];
  return [...DEFAULT_OPT_OUT_WORDS, ...extra];
}

function toE164(raw: string, country: string): string {
  const r = normalisePhone(raw, country);
  if (!r.ok) throw new InvalidPhoneError(raw.trim(), r.reason);
  return r.e164;
}

/**
 * Suppresses an E.164 number for an account inside a transaction, and skips its queued
 * outbox rows (releasing their reserved credits). Returns false when it was already suppressed.
 */
async function suppress(t: Queryable, accountId: number, phone: string, source: SuppressionSource, note?: string): Promise<boolean> {
  await lockAccount(t, accountId); // same lock order as launch and the ledger: account first
  const added = await t.exec(
    `INSERT INTO suppressions (account_id, phone, source, note) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [accountId, phone, source, note ?? null],
  );
  // Credits per row as reserved at launch (credits_reserved / recipients), whatever the plan says now.
  const skipped = await t.query<{ campaign_id: number; n: number; credits: number }>(
    `WITH s AS (
       UPDATE outbox o SET status = 'skipped', reason = 'opted_out', credit_state = 'released', updated_at = now()
         FROM (SELECT id, credit_state FROM outbox WHERE account_id = $1 AND phone = $2 AND status = 'queued' AND channel <> 'email' FOR UPDATE) prev
        WHERE o.id = prev.id RETURNING o.campaign_id, o.credits, prev.credit_state = 'reserved' AS was_reserved)
     SELECT s.campaign_id, count(*)::int AS n,
            coalesce(sum(CASE WHEN s.was_reserved THEN coalesce(s.credits, c.credits_reserved / nullif(c.recipients, 0), 0) ELSE 0 END), 0)::int AS credits
       FROM s JOIN campaigns c ON c.id = s.campaign_id GROUP BY s.campaign_id`,
    [accountId, phone],
  );
  // Rows hold their own credits since issue 16 (an SMS of 3 parts holds 3); older rows the campaign's average.
  for (const row of skipped) {
    await t.exec('UPDATE campaigns SET skipped = skipped + $2, updated_at = now() WHERE id = $1', [row.campaign_id, row.n]);
    if (row.credits > 0) await release(t, accountId, row.credits, row.campaign_id, 'opted out');
  }
  if (added > 0) await recordEvent(t, accountId, 'contact.opted_out', { phone, source });
  return added > 0;
}

/** Adds a number (as typed; judged under the account's country). False if already there. */
export async function addSuppression(ctx: Ctx, accountId: number, phone: string, source: SuppressionSource, note?: string): Promise<{ phone: string; added: boolean }> {
  const acc = await ctx.db.one<{ default_country: string }>('SELECT default_country FROM accounts WHERE id = $1', [accountId]);
  const e164 = toE164(phone, acc?.default_country ?? ctx.config.defaultCountry);
  const added = await ctx.db.tx((t) => suppress(t, accountId, e164, source, note));
  return { phone: e164, added };
}

/**
 * Takes a number off the opt-outs, unless the recipient opted out themselves (STOP): that one
 * is honoured whatever else happens, so only numbers an owner, admin or import added can go.
 */
export async function removeSuppression(ctx: Ctx, accountId: number, phone: string): Promise<{ phone: string; removed: boolean }> {
  const acc = await ctx.db.one<{ default_country: string }>('SELECT default_country FROM accounts WHERE id = $1', [accountId]);
  const e164 = toE164(phone, acc?.default_country ?? ctx.config.defaultCountry);
  const row = await ctx.db.one<{ source: SuppressionSource }>('SELECT source FROM suppressions WHERE account_id = $1 AND phone = $2', [accountId, e164]);
  if (row?.source === 'reply') throw new RecipientOptedOutError(e164);
  const removed = await ctx.db.exec(`DELETE FROM suppressions WHERE account_id = $1 AND phone = $2 AND source <> 'reply'`, [accountId, e164]);
  return { phone: e164, removed: removed > 0 };
}

export async function countSuppressions(q: Queryable, accountId: number): Promise<number> {
  return (await q.one<{ n: number }>('SELECT count(*)::int AS n FROM suppressions WHERE account_id = $1', [accountId]))!.n;
}

export async function isSuppressed(q: Queryable, accountId: number, phoneE164: string): Promise<boolean> {
  return Boolean(await q.one('SELECT 1 FROM suppressions WHERE account_id = $1 AND phone = $2', [accountId, phoneE164]));
}

/**
 * A message from a non-member. If it is an opt-out: a reply to an account's sender session
 * suppresses the number for that account; a reply to the operator number (a session with no
 * account) suppresses it for every account that has messaged it. True when the message was
 * an opt-out and at least one account now suppresses the number.
 */
export async function recordOptOutReply(ctx: Ctx, input: { sessionId: number; fromPhone: string; text: string }): Promise<boolean> {
  if (!isOptOutText(input.text, await loadOptOutWords(ctx.db))) return false;
  const r = normalisePhone(input.fromPhone, ctx.config.defaultCountry);
  if (!r.ok) return false;
  const phone = r.e164;
  const session = await ctx.db.one<{ account_id: number | null }>('SELECT account_id FROM sender_sessions WHERE id = $1', [input.sessionId]);
  const accounts = session?.account_id
    ? [session.account_id]
    : (await ctx.db.query<{ account_id: number }>('SELECT DISTINCT account_id FROM outbox WHERE phone = $1', [phone])).map((a) => a.account_id);
  for (const accountId of accounts) {
    await ctx.db.tx((t) => suppress(t, accountId, phone, 'reply', `reply to session ${input.sessionId}`));
  }
  if (accounts.length) ctx.log.info({ sessionId: input.sessionId, accounts: accounts.length }, 'opt-out recorded');
  return accounts.length > 0;
}

/**
 * One page of the account's opt-outs: by phone with a keyset cursor (the API), or the newest
 * first (the chat shows the latest few).
 */
export async function listSuppressions(q: Queryable, accountId: number, opts: { before?: string; limit: number; newestFirst?: boolean }): Promise<{ items: Array<{ phone: string; source: string; created_at: Date }>; next: string | null }> {
  if (opts.newestFirst) {
    const items = await q.query<{ phone: string; source: string; created_at: Date }>(
      'SELECT phone, source, created_at FROM suppressions WHERE account_id = $1 ORDER BY created_at DESC, phone LIMIT $2', [accountId, opts.limit]);
    return { items, next: null };
  }
  const rows = await q.query<{ phone: string; source: string; created_at: Date }>(
    `SELECT phone, source, created_at FROM suppressions WHERE account_id = $1 AND ($2::text IS NULL OR phone > $2)
      ORDER BY phone LIMIT $3`, [accountId, opts.before ?? null, opts.limit + 1]);
  const more = rows.length > opts.limit;
  const page = rows.slice(0, opts.limit);
  return { items: page, next: more ? page[page.length - 1]!.phone : null };
}
