// The account's own names (its lists and campaigns), which the router looks for in a message.
// Cached per account for a short while; the router drops an account's entry after any command
// that creates or deletes a name, and another process sees the change within the TTL.
import type { Queryable } from '../db/database.js';
import { foldLetters, lowerText } from './normalise-text.js';

export type NameKind = 'list' | 'campaign';

export interface KnownName {
  kind: NameKind;
  /** As stored. */
  name: string;
  /** Lower-cased, letter-folded words of the name, joined by one space. */
  key: string;
  /** Campaigns only: draft, demo_sent, running, paused, completed, cancelled. */
  status?: string;
}

export interface AccountVocabulary {
  names: readonly KnownName[];
}

const TTL_MS = 30_000;
// Per database handle (tests and tools open several), then per account.
const caches = new WeakMap<object, Map<number, { at: number; vocab: AccountVocabulary }>>();

export function nameKey(name: string): string {
  return foldLetters(lowerText(name)).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export function vocabularyOf(rows: ReadonlyArray<{ kind: NameKind; name: string; status?: string | null }>): AccountVocabulary {
  return { names: rows.map((r) => ({ kind: r.kind, name: r.name, key: nameKey(r.name), ...(r.status ? { status: r.status } : {}) })) };
}

/** Lists, then campaigns newest first. */
export async function loadAccountVocabulary(q: Queryable, accountId: number, nowMs = Date.now()): Promise<AccountVocabulary> {
  let cache = caches.get(q);
  if (!cache) caches.set(q, (cache = new Map()));
  const hit = cache.get(accountId);
  if (hit && nowMs - hit.at < TTL_MS) return hit.vocab;
  const rows = await q.query<{ kind: NameKind; name: string; status: string | null }>(
    `SELECT 'list' AS kind, name, NULL AS status, created_at, id FROM contact_lists WHERE account_id = $1
     UNION ALL
     SELECT 'campaign', name, status, created_at, id FROM campaigns WHERE account_id = $1
     ORDER BY kind DESC, created_at DESC, id DESC`, [accountId]);
  const vocab = vocabularyOf(rows);
  if (cache.size > 10_000) cache.clear();
  cache.set(accountId, { at: nowMs, vocab });
  return vocab;
}

export function forgetAccountVocabulary(q: Queryable, accountId: number): void {
  caches.get(q)?.delete(accountId);
}
