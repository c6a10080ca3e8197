// Webhook endpoints of an account: URL (public addresses only unless WEBHOOK_ALLOW_PRIVATE),
// events, and a signing secret shown once (`whsec_` + base64, the Standard Webhooks form),
// stored encrypted because signing needs it. Rotation keeps the old secret valid 24 hours.
import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { audit, type Actor } from '../audit.js';
import type { Ctx } from '../context.js';
import type { Queryable } from '../db/database.js';
import { decrypt, encrypt, loadEncryptionKey } from '../secrets.js';
import { WebhookNotFoundError, WebhookUrlError } from '../api/errors.js';
import type { WebhookEventType } from './events.js';

export interface WebhookEndpoint {
  id: number; account_id: number; url: string; events: string[]; enabled: boolean; disabled_reason: string | null;
  failing_since: Date | null; created_at: Date;
}

/** Loopback, private, link-local, CGNAT, multicast and unspecified addresses (v4 and v6). */
export function isPrivateAddress(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b < 128) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32)
      || (a === 192 && b === 168) || (a === 198 && (b === 18 || b === 19)) || a >= 224;
  }
  const x = ip.toLowerCase();
  return x === '::' || x === '::1' || x.startsWith('fc') || x.startsWith('fd') || x.startsWith('fe8') || x.startsWith('fe9') || x.startsWith('fea') || x.startsWith('feb') || x.startsWith('ff');
}

/** Refuses a URL that is not http(s) or resolves to a private address (checked again at each delivery). */
export async function checkWebhookUrl(ctx: Pick<Ctx, 'config'>, raw: string): Promise<URL> {
  let url: URL;
  try { url = new URL(raw); } catch { throw new WebhookUrlError('webhook.url.invalid', raw.slice(0, 200)); }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password) throw new WebhookUrlError('webhook.url.invalid', raw.slice(0, 200));
  if (ctx.config.webhookAllowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addrs = isIP(host) ? [host] : (await lookup(host, { all: true }).catch(() => [] as Array<{ address: string }>)).map((a) => (typeof a === 'string' ? a : a.address));
  if (!addrs.length) throw new WebhookUrlError('webhook.url.invalid', raw.slice(0, 200));
  if (addrs.some(isPrivateAddress)) throw new WebhookUrlError('webhook.url.private', raw.slice(0, 200));
  return url;
}

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;
const COLS = 'id, account_id, url, events, enabled, disabled_reason, failing_since, created_at';

export async function createWebhookEndpoint(ctx: Ctx, accountId: number, input: { url: string; events: WebhookEventType[] }, actor: Actor): Promise<WebhookEndpoint & { secret: string }> {
  const url = await checkWebhookUrl(ctx, input.url);
  const secret = newSecret();
  const key = loadEncryptionKey(ctx.config, ctx.log);
  return ctx.db.tx(async (q) => {
    const row = (await q.one<WebhookEndpoint>(
      `INSERT INTO webhook_endpoints (account_id, url, events, secret_enc) VALUES ($1, $2, $3, $4) RETURNING ${COLS}`,
      [accountId, url.toString(), [...new Set(input.events)], encrypt(key, Buffer.from(secret))]))!;
    await audit(q, actor, 'webhook.create', accountId, { id: row.id, url: row.url, events: row.events });
    return { ...row, secret };
  });
}

export async function listWebhookEndpoints(q: Queryable, accountId: number): Promise<WebhookEndpoint[]> {
  return q.query<WebhookEndpoint>(`SELECT ${COLS} FROM webhook_endpoints WHERE account_id = $1 ORDER BY id`, [accountId]);
}

export async function getWebhookEndpoint(q: Queryable, accountId: number, id: number): Promise<WebhookEndpoint> {
  const row = await q.one<WebhookEndpoint>(`SELECT ${COLS} FROM webhook_endpoints WHERE account_id = $1 AND id = $2`, [accountId, id]);
  if (!row) throw new WebhookNotFoundError(String(id));
  return row;
}

/** A new secret; the old one keeps signing beside it for 24 hours. */
export async function rotateWebhookSecret(ctx: Ctx, accountId: number, id: number, actor: Actor): Promise<{ id: number; secret: string }> {
  const secret = newSecret();
  const key = loadEncryptionKey(ctx.config, ctx.log);
  return ctx.db.tx(async (q) => {
    const n = await q.exec(
      `UPDATE webhook_endpoints SET previous_secret_enc = secret_enc, previous_secret_until = now() + interval '24 hours', secret_enc = $3
        WHERE account_id = $1 AND id = $2`, [accountId, id, encrypt(key, Buffer.from(secret))]);
    if (!n) throw new WebhookNotFoundError(String(id));
    await audit(q, actor, 'webhook.rotate', accountId, { id });
    return { id, secret };
  });
}

export async function setWebhookEnabled(ctx: Ctx, accountId: number, id: number, enabled: boolean, actor: Actor): Promise<WebhookEndpoint> {
  const row = await ctx.db.one<WebhookEndpoint>(
    `UPDATE webhook_endpoints SET enabled = $3, disabled_reason = CASE WHEN $3 THEN NULL ELSE 'by the owner' END, failing_since = NULL
      WHERE account_id = $1 AND id = $2 RETURNING ${COLS}`, [accountId, id, enabled]);
  if (!row) throw new WebhookNotFoundError(String(id));
  await audit(ctx.db, actor, enabled ? 'webhook.enable' : 'webhook.disable', accountId, { id });
  return row;
}

/** The secrets that sign now: the current one, and the previous one during its 24 hours. */
export function signingSecrets(ctx: Pick<Ctx, 'config' | 'log'>, row: { secret_enc: Buffer; previous_secret_enc: Buffer | null; previous_secret_until: Date | null }, now: Date): string[] {
  const key = loadEncryptionKey(ctx.config, ctx.log);
  const out = [decrypt(key, row.secret_enc).toString()];
  if (row.previous_secret_enc && row.previous_secret_until && row.previous_secret_until > now) out.push(decrypt(key, row.previous_secret_enc).toString());
  return out;
}
