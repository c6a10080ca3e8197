// API tokens: `wac_<prefix>_<secret>`. Only a SHA-256 of the whole token is stored (the secret
// has 256 bits, so a slow hash adds nothing), beside the visible prefix that finds the row and
// that lists show. Compared in constant time; looked up on every request, so a revocation
// holds at once in every process. The token itself is shown once and never logged.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { audit, type Actor } from '../audit.js';
import type { Ctx } from '../context.js';
import type { Queryable } from '../db/database.js';
import { TokenExistsError, TokenNameError, TokenNotFoundError } from './errors.js';

export interface ApiTokenRow {
  id: number;
  account_id: number;
  name: string;
  prefix: string;
  read_only: boolean;
  created_at: Date;
  last_used_at: Date | null;
}

export interface AuthenticatedToken { id: number; accountId: number; name: string; readOnly: boolean }

const TOKEN_RE = /^(wac_[a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;
const NAME_RE = /^[\p{L}\p{N} _.-]{1,60}$/u;

const hash = (token: string) => createHash('sha256').update(token).digest();

function cleanName(raw: string | undefined, fallback: string): string {
  const name = (raw ?? '').trim().replace(/\s+/g, ' ') || fallback;
  if (!NAME_RE.test(name)) throw new TokenNameError(name);
  return name;
}

/** A new token for the account; the returned `token` is the only time it exists in clear. */
export async function createApiToken(ctx: Ctx, accountId: number, input: { name?: string; readOnly?: boolean }, actor: Actor): Promise<ApiTokenRow & { token: string }> {
  return ctx.db.tx(async (q) => {
    let name = input.name?.trim();
    if (!name) {
      const n = await q.one<{ n: number }>('SELECT count(*)::int AS n FROM api_tokens WHERE account_id = $1', [accountId]);
      name = `token ${n!.n + 1}`;
    }
    name = cleanName(name, 'token');
    const prefix = `wac_${randomBytes(6).toString('hex').slice(0, 8)}`;
    const token = `${prefix}_${randomBytes(32).toString('base64url')}`;
    const row = await q.one<ApiTokenRow>(
      `INSERT INTO api_tokens (account_id, name, prefix, token_hash, read_only, created_by)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT DO NOTHING
       RETURNING id, account_id, name, prefix, read_only, created_at, last_used_at`,
      [accountId, name, prefix, hash(token), input.readOnly ?? false, actor.label ?? actor.type]);
    if (!row) throw new TokenExistsError(name);
    await audit(q, actor, 'api.token.create', accountId, { name, prefix, readOnly: row.read_only });
    return { ...row, token };
  });
}

export async function listApiTokens(q: Queryable, accountId: number): Promise<ApiTokenRow[]> {
  return q.query<ApiTokenRow>(
    `SELECT id, account_id, name, prefix, read_only, created_at, last_used_at FROM api_tokens
      WHERE account_id = $1 AND revoked_at IS NULL ORDER BY created_at, id`, [accountId]);
}

/** Revokes by name or by prefix; refused when neither matches a live token of the account. */
export async function revokeApiToken(ctx: Ctx, accountId: number, nameOrPrefix: string, actor: Actor): Promise<ApiTokenRow> {
  const key = nameOrPrefix.trim();
  return ctx.db.tx(async (q) => {
    const row = await q.one<ApiTokenRow>(
      `UPDATE api_tokens SET revoked_at = now()
        WHERE id = (SELECT id FROM api_tokens WHERE account_id = $1 AND revoked_at IS NULL
                       AND (lower(name) = lower($2) OR prefix = $2) ORDER BY id LIMIT 1)
        RETURNING id, account_id, name, prefix, read_only, created_at, last_used_at`, [accountId, key]);
    if (!row) throw new TokenNotFoundError(key);
    await audit(q, actor, 'api.token.revoke', accountId, { name: row.name, prefix: row.prefix });
    return row;
  });
}

/**
 * The token behind an `Authorization: Bearer` value, or undefined. Records the use
 * (`last_used_at`) unless `recordUse` is false: the API's limits (src/api/limits.ts) record
 * it with the call's count, in one statement.
 */
export async function authenticateToken(q: Queryable, presented: string, opts: { recordUse?: boolean } = {}): Promise<AuthenticatedToken | undefined> {
  const m = TOKEN_RE.exec(presented);
  if (!m) return undefined;
  const row = await q.one<{ id: number; account_id: number; name: string; read_only: boolean; token_hash: Buffer }>(
    'SELECT id, account_id, name, read_only, token_hash FROM api_tokens WHERE prefix = $1 AND revoked_at IS NULL', [m[1]]);
  if (!row) return undefined;
  const given = hash(presented);
  if (given.length !== row.token_hash.length || !timingSafeEqual(given, row.token_hash)) return undefined;
  if (opts.recordUse !== false) await q.exec('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [row.id]);
  return { id: row.id, accountId: row.account_id, name: row.name, readOnly: row.read_only };
}
