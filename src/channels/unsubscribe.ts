// E-mail opt-outs (issue 16): every campaign e-mail carries a signed link and RFC 8058
// one-click headers; the link's endpoint suppresses the address for the account at once and
// skips its queued e-mails (their credits go back). The token is an HMAC over the account and
// the address, so no table of tokens is kept and a token cannot be forged for another address.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Ctx } from '../context.js';
import type { Queryable } from '../db/database.js';
import { lockAccount, release } from '../credits.js';
import { deriveKey } from '../secrets.js';

export type EmailSuppressionSource = 'unsubscribe' | 'bounce' | 'admin' | 'owner' | 'import';

const keys = new WeakMap<object, string>();
function keyOf(ctx: Pick<Ctx, 'config' | 'log'>): string {
  let k = keys.get(ctx.config);
  if (!k) { k = deriveKey(ctx.config, ctx.log, 'unsubscribe'); keys.set(ctx.config, k); }
  return k;
}

const mac = (key: string, payload: string): string => createHmac('sha256', key).update(payload).digest('base64url').slice(0, 32);

export function unsubscribeToken(ctx: Pick<Ctx, 'config' | 'log'>, accountId: number, email: string): string {
  const payload = Buffer.from(`${accountId}\n${email.toLowerCase()}`).toString('base64url');
  return `${payload}.${mac(keyOf(ctx), payload)}`;
}

export function unsubscribeUrl(ctx: Pick<Ctx, 'config' | 'log'>, accountId: number, email: string): string {
  return `${ctx.config.channels.publicUrl}/u/${unsubscribeToken(ctx, accountId, email)}`;
}

/** The account and address a token names, or undefined when it was not made by us. */
export function readUnsubscribeToken(ctx: Pick<Ctx, 'config' | 'log'>, token: string): { accountId: number; email: string } | undefined {
  const [payload, sig] = token.split('.');
  if (!payload || !sig) return undefined;
  const want = Buffer.from(mac(keyOf(ctx), payload));
  const got = Buffer.from(sig);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return undefined;
  const [id, email] = Buffer.from(payload, 'base64url').toString().split('\n');
  const accountId = Number(id);
  if (!Number.isInteger(accountId) || !email) return undefined;
  return { accountId, email };
}

/** Suppresses an address for an account and skips its queued e-mails. False when it already was. */
export async function suppressEmail(q: Queryable, accountId: number, email: string, source: EmailSuppressionSource): Promise<boolean> {
  const address = email.trim().toLowerCase();
  await lockAccount(q, accountId); // account first, as launch and the ledger
  const added = await q.exec(
    `INSERT INTO email_suppressions (account_id, email, source) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [accountId, address, source]);
  const skipped = await q.query<{ campaign_id: number; n: number; credits: number }>(
    `WITH s AS (
       UPDATE outbox o SET status = 'skipped', reason = 'opted_out', credit_state = 'released', updated_at = now()
         FROM (SELECT id, credit_state FROM outbox WHERE account_id = $1 AND lower(email) = $2 AND channel = 'email' AND status = 'queued' FOR UPDATE) prev
        WHERE o.id = prev.id RETURNING o.campaign_id, o.credits, prev.credit_state = 'reserved' AS was_reserved)
     SELECT campaign_id, count(*)::int AS n, coalesce(sum(CASE WHEN was_reserved THEN coalesce(credits, 0) ELSE 0 END), 0)::int AS credits
       FROM s GROUP BY campaign_id`, [accountId, address]);
  for (const row of skipped) {
    await q.exec('UPDATE campaigns SET skipped = skipped + $2, updated_at = now() WHERE id = $1', [row.campaign_id, row.n]);
    if (row.credits > 0) await release(q, accountId, row.credits, row.campaign_id, 'unsubscribed');
  }
  return added > 0;
}

/** The one-click endpoint's work: true when the token was good (suppressed now or before). */
export async function unsubscribeByToken(ctx: Ctx, token: string): Promise<{ email: string } | undefined> {
  const who = readUnsubscribeToken(ctx, token);
  if (!who) return undefined;
  const exists = await ctx.db.one('SELECT 1 FROM accounts WHERE id = $1', [who.accountId]);
  if (!exists) return undefined;
  const added = await ctx.db.tx((t) => suppressEmail(t, who.accountId, who.email, 'unsubscribe'));
  if (added) ctx.log.info({ accountId: who.accountId }, 'e-mail address unsubscribed');
  return { email: who.email };
}
