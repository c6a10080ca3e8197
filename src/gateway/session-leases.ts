// Leases on sender sessions: a process drives a session only while it holds its lease
// (owner_id + lease_until), renews it by heartbeat, and takes free or expired ones up to its
// fair share of the live processes (each announces itself in gateway_processes).
import type { Db } from '../db/database.js';
import type { SessionRow } from '../senders/session-row.js';

export interface LeaseOptions { ownerId: string; leaseMs: number }

/**
 * Renews the leases this process still holds; returns them with their link generation.
 * Rows locked right now are skipped, not waited for: under load the dispatcher's claim and
 * record transactions hold a sender's row, and waiting on each of them held one renewal up
 * to 9 s (bench/scale-out.ts, LEASE_MS 10 s). Those transactions are this process's own and
 * extend the lease themselves (claim.ts, dispatcher.ts); a row skipped now is renewed at the
 * next heartbeat. Still ours = still returned, renewed now or not.
 */
export async function renewLeases(db: Db, o: LeaseOptions, ids: number[], openIds: number[]): Promise<Array<{ id: number; link_generation: number }>> {
  return db.query<{ id: number; link_generation: number }>(
    `WITH free AS (
       SELECT id FROM sender_sessions WHERE owner_id = $1 AND id = ANY($3::int[]) AND status <> 'removed'
        FOR NO KEY UPDATE SKIP LOCKED),
     renewed AS (
       UPDATE sender_sessions s
          SET lease_until = now() + $2 * interval '1 millisecond',
              last_seen_at = CASE WHEN s.id = ANY($4::int[]) THEN now() ELSE s.last_seen_at END
         FROM free WHERE s.id = free.id)
     SELECT id, link_generation FROM sender_sessions
      WHERE owner_id = $1 AND id = ANY($3::int[]) AND status <> 'removed'`,
    [o.ownerId, o.leaseMs, ids, openIds],
  );
}

/** SQL for a SET list item: the lease of the row's sender extended while `$owner` holds it (a claim or record of that process). */
export function extendOwnLeaseSql(ownerParam: string, leaseMsParam: string): string {
  return `lease_until = CASE WHEN owner_id = ${ownerParam} AND lease_until > now()
                           THEN greatest(lease_until, now() + ${leaseMsParam}::int * interval '1 millisecond') ELSE lease_until END`;
}

/** Takes up to `room` (null = any number) sessions that are free, expired or ours, skipping `exclude`. */
export async function takeFreeSessions(db: Db, o: LeaseOptions, opts: { onlyIds?: number[]; room: number | null; exclude: number[] }): Promise<SessionRow[]> {
  return db.query<SessionRow>(
    `UPDATE sender_sessions s
        SET owner_id = $1, lease_until = now() + $2 * interval '1 millisecond'
       FROM (SELECT id FROM sender_sessions
              WHERE status <> 'removed'
                AND (owner_id IS NULL OR owner_id = $1 OR lease_until IS NULL OR lease_until < now())
                AND ($3::int[] IS NULL OR id = ANY($3::int[]))
                AND NOT id = ANY($5::int[])
              ORDER BY id
              LIMIT $4
              FOR UPDATE SKIP LOCKED) free
      WHERE s.id = free.id
      RETURNING s.*`,
    [o.ownerId, o.leaseMs, opts.onlyIds ?? null, opts.room, opts.exclude],
  );
}

/** Announces this process as live (with its lease renewal, so the two never lapse apart). */
export async function announceProcess(db: Db, o: LeaseOptions): Promise<void> {
  await db.exec(
    `INSERT INTO gateway_processes (owner_id, seen_until) VALUES ($1, now() + $2 * interval '1 millisecond')
     ON CONFLICT (owner_id) DO UPDATE SET seen_until = EXCLUDED.seen_until`,
    [o.ownerId, o.leaseMs],
  );
}

/** Counts live processes and sessions. */
export async function countShares(db: Db): Promise<{ owners: number; sessions: number }> {
  return (await db.one<{ owners: number; sessions: number }>(
    `SELECT (SELECT count(*)::int FROM gateway_processes WHERE seen_until > now()) AS owners,
            (SELECT count(*)::int FROM sender_sessions WHERE status <> 'removed') AS sessions`))!;
}

/**
 * Each live process gets ceil(sessions / processes): the sessions to give back (newest
 * first) and the room left to take.
 */
export function fairShare(counts: { owners: number; sessions: number }, driven: number[]): { giveBack: number[]; room: number; share: number } {
  const share = Math.ceil(counts.sessions / Math.max(1, counts.owners));
  const giveBack = [...driven].sort((a, b) => b - a).slice(0, Math.max(0, driven.length - share));
  return { giveBack, room: Math.max(0, share - (driven.length - giveBack.length)), share };
}

export async function releaseLeases(db: Db, ownerId: string, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await db.exec(`UPDATE sender_sessions SET owner_id = NULL, lease_until = NULL WHERE owner_id = $1 AND id = ANY($2::int[])`, [ownerId, ids]);
}

/** A stopping process leaves the count (and old entries of dead ones go). */
export async function forgetProcess(db: Db, ownerId: string): Promise<void> {
  await db.exec(`DELETE FROM gateway_processes WHERE owner_id = $1 OR seen_until < now() - interval '1 day'`, [ownerId]);
}
