// Terms of service: versions and who accepted which (RULES.md "Access and security").
// An account may use the product once its owner (by chat or console) accepted the
// latest version; a new version asks again.
import { audit, type Actor } from './audit.js';
import type { Db, Queryable } from './db/database.js';

// The built-in text of the latest version (2026-12: replies are kept and forwarded, issue 21),
// published on a new database; migration 0541 publishes it where 2026-01 was, so every owner
// accepts it again (a new version asks again).
import { DEFAULT_TERMS_TEXT, DEFAULT_TERMS_VERSION } from './terms-texts.js';

export { DEFAULT_TERMS_TEXT, DEFAULT_TERMS_VERSION };

export interface TermsVersion {
  id: number;
  version: string;
  body: string;
  published_at: Date;
}

/** The version owners must accept now (the latest published), or undefined if none exists. */
export async function currentTerms(q: Queryable): Promise<TermsVersion | undefined> {
  return q.one<TermsVersion>('SELECT id, version, body, published_at FROM terms_versions ORDER BY published_at DESC, id DESC LIMIT 1');
}

/** Publishes the built-in terms when no version exists yet; returns the current version. */
export async function ensureDefaultTerms(q: Queryable): Promise<TermsVersion> {
  await q.exec(
    `INSERT INTO terms_versions (version, body) SELECT $1, $2 WHERE NOT EXISTS (SELECT 1 FROM terms_versions)
     ON CONFLICT (version) DO NOTHING`, [DEFAULT_TERMS_VERSION, DEFAULT_TERMS_TEXT]);
  return (await currentTerms(q))!;
}

/** A new version: every account is asked to accept again. */
export async function publishTerms(q: Queryable, version: string, body: string): Promise<TermsVersion> {
  if (!version.trim() || !body.trim()) throw new RangeError('terms need a version and a text');
  return (await q.one<TermsVersion>(
    'INSERT INTO terms_versions (version, body) VALUES ($1, $2) RETURNING id, version, body, published_at', [version.trim(), body]))!;
}

/** True when the account accepted the current version (or no version was ever published). */
export async function hasAcceptedCurrentTerms(q: Queryable, accountId: number): Promise<boolean> {
  const row = await q.one<{ ok: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM terms_versions)
            OR EXISTS (SELECT 1 FROM terms_acceptances ta
                        WHERE ta.account_id = $1
                          AND ta.terms_version_id = (SELECT id FROM terms_versions ORDER BY published_at DESC, id DESC LIMIT 1)) AS ok`,
    [accountId]);
  return Boolean(row?.ok);
}

export interface AcceptanceInput {
  accountId?: number | null;
  memberId?: number | null;
  adminUserId?: number | null;
  /** Where it was accepted from: the member's phone (chat) or ip + user agent (console). */
  phone?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** Defaults to the current version. */
  termsVersionId?: number;
}

/** Records who accepted which version, when and from where. Idempotent per version and member/admin. */
export async function recordTermsAcceptance(q: Queryable, input: AcceptanceInput): Promise<{ version: string; acceptedAt: Date; already: boolean }> {
  const terms = input.termsVersionId
    ? await q.one<TermsVersion>('SELECT id, version, body, published_at FROM terms_versions WHERE id = $1', [input.termsVersionId])
    : await currentTerms(q);
  if (!terms) throw new Error('no terms version is published');
  const existing = await q.one<{ accepted_at: Date }>(
    `SELECT accepted_at FROM terms_acceptances
      WHERE terms_version_id = $1 AND account_id IS NOT DISTINCT FROM $2
        AND member_id IS NOT DISTINCT FROM $3 AND admin_user_id IS NOT DISTINCT FROM $4`,
    [terms.id, input.accountId ?? null, input.memberId ?? null, input.adminUserId ?? null]);
  if (existing) return { version: terms.version, acceptedAt: existing.accepted_at, already: true };
  const row = await q.one<{ accepted_at: Date }>(
    `INSERT INTO terms_acceptances (terms_version_id, account_id, member_id, admin_user_id, phone, ip, user_agent)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING accepted_at`,
    [terms.id, input.accountId ?? null, input.memberId ?? null, input.adminUserId ?? null, input.phone ?? null, input.ip ?? null, input.userAgent ?? null]);
  return { version: terms.version, acceptedAt: row!.accepted_at, already: false };
}

/** When (and from where) a console user accepted a version; undefined if not. */
export async function findAdminAcceptance(q: Queryable, adminUserId: number, termsVersionId: number): Promise<{ accepted_at: Date; ip: string | null } | undefined> {
  return q.one('SELECT accepted_at, ip FROM terms_acceptances WHERE admin_user_id = $1 AND terms_version_id = $2 ORDER BY id LIMIT 1', [adminUserId, termsVersionId]);
}

/** Records an acceptance and audits it, in one transaction; a repeat changes nothing. */
export async function acceptTerms(db: Db, input: AcceptanceInput, actor: Actor, details: Record<string, unknown> = {}): Promise<{ version: string; already: boolean }> {
  return db.tx(async (t) => {
    const res = await recordTermsAcceptance(t, input);
    if (!res.already) await audit(t, actor, 'terms.accept', input.accountId ?? null, { version: res.version, ...details });
    return res;
  });
}
