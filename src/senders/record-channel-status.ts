// The owning process's reports of a socket: its connection state and, while linking by
// phone number, the pairing code WhatsApp gave. Fenced twice: only the lease holder writes,
// and only for the link generation it is driving (a relink or unlink asked elsewhere moves
// the generation, so the old socket's last words cannot overwrite the request).
import type { Queryable } from '../db/database.js';
import type { SenderStatus } from './state.js';

export interface ChannelReport {
  sessionId: number;
  ownerId: string;
  generation: number;
  status: Exclude<SenderStatus, 'removed'>;
  reason: string | null;
  phone?: string | null;
  lid?: string | null;
}

export async function recordChannelStatus(q: Queryable, r: ChannelReport): Promise<void> {
  await q.exec(
    `UPDATE sender_sessions
        SET status = $2, status_reason = $3,
            phone = COALESCE($4, phone), lid = COALESCE($5, lid),
            linked_at = CASE WHEN $2 = 'open' THEN COALESCE(linked_at, now()) ELSE linked_at END,
            last_seen_at = CASE WHEN $2 = 'open' THEN now() ELSE last_seen_at END,
            -- Linked: the number and its code have done their job.
            pairing_phone = CASE WHEN $2 = 'open' THEN NULL ELSE pairing_phone END,
            pairing_code = CASE WHEN $2 = 'open' THEN NULL ELSE pairing_code END
      WHERE id = $1 AND owner_id = $6 AND link_generation = $7 AND status <> 'removed'`,
    [r.sessionId, r.status, r.reason, r.phone ?? null, r.lid ?? null, r.ownerId, r.generation],
  );
}

export async function recordPairingCode(q: Queryable, r: { sessionId: number; ownerId: string; generation: number; code: string }): Promise<void> {
  await q.exec(
    `UPDATE sender_sessions SET pairing_code = $4, pairing_code_at = now()
      WHERE id = $1 AND owner_id = $2 AND link_generation = $3 AND status <> 'removed'`,
    [r.sessionId, r.ownerId, r.generation, r.code],
  );
}
