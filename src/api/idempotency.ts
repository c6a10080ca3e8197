// Idempotency-Key on writes: the first request with a key claims it (a row without a result);
// its result is stored; a repeat with the same key and the same request within 24 hours gets
// that stored result and runs nothing. A repeat while the first is still running gets 409; the
// same key with a different request 422. Server faults (5xx) free the key so a retry may run.
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.js';

export const IDEMPOTENCY_HOURS = 24;

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; response: unknown }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

export function requestFingerprint(method: string, path: string, body: unknown, file?: Buffer): string {
  const h = createHash('sha256').update(method).update('\0').update(path).update('\0').update(JSON.stringify(body ?? null));
  if (file) h.update('\0').update(file);
  return h.digest('base64url');
}

export async function claimIdempotencyKey(q: Queryable, accountId: number, key: string, fp: string): Promise<Claim> {
  for (let i = 0; i < 2; i++) {
    const ins = await q.one('INSERT INTO api_idempotency (account_id, key, request_fp) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1 AS ok', [accountId, key, fp]);
    if (ins) return { kind: 'claimed' };
    const row = await q.one<{ request_fp: string; status: number | null; response: unknown; expired: boolean }>(
      `SELECT request_fp, status, response, created_at < now() - make_interval(hours => $3) AS expired
         FROM api_idempotency WHERE account_id = $1 AND key = $2`, [accountId, key, IDEMPOTENCY_HOURS]);
    if (!row) continue; // freed meanwhile: claim again
    if (row.expired) { await q.exec('DELETE FROM api_idempotency WHERE account_id = $1 AND key = $2 AND created_at < now() - make_interval(hours => $3)', [accountId, key, IDEMPOTENCY_HOURS]); continue; }
    if (row.request_fp !== fp) return { kind: 'mismatch' };
    if (row.status === null) return { kind: 'in_progress' };
    return { kind: 'replay', status: row.status, response: row.response };
  }
  return { kind: 'in_progress' };
}

export async function settleIdempotencyKey(q: Queryable, accountId: number, key: string, status: number, response: unknown): Promise<void> {
  if (status >= 500) await q.exec('DELETE FROM api_idempotency WHERE account_id = $1 AND key = $2', [accountId, key]);
  else await q.exec('UPDATE api_idempotency SET status = $3, response = $4::jsonb WHERE account_id = $1 AND key = $2', [accountId, key, status, JSON.stringify(response)]);
}

/** Keys older than 24 hours (run by the webhook delivery job's housekeeping). */
export async function purgeIdempotencyKeys(q: Queryable): Promise<number> {
  return q.exec('DELETE FROM api_idempotency WHERE created_at < now() - make_interval(hours => $1)', [IDEMPOTENCY_HOURS]);
}
