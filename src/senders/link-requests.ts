// Link requests: relink (forget the link, start a new one) and unlink (log the number out).
// Any process may write one; the process that drives the session notices link_generation
// move at its next heartbeat (or at once when asked with tick()) and does the socket work.
// Status reports of the old socket carry the old generation and are ignored from then on.
import { audit, type Actor } from '../audit.js';
import type { Db, Queryable } from '../db/database.js';
import { SenderNotFoundError } from './errors.js';
import type { SessionRow } from './session-row.js';
import { wipeCredentials } from './wipe-credentials.js';

/** Wipes the link; the owning process starts a new one (QR codes, or a pairing code). */
export async function requestRelink(db: Db, sessionId: number, actor: Actor, opts: { pairingPhone?: string } = {}): Promise<SessionRow> {
  return db.tx(async (t) => {
    const row = await bumpLink(t, sessionId, 'new', 'linking', opts.pairingPhone ?? null);
    await audit(t, actor, 'session.relink', row.account_id, { sessionId, byCode: Boolean(opts.pairingPhone) });
    return row;
  });
}

/** Logs the number out of WhatsApp (done by the owning process when connected) and wipes its credentials. */
export async function requestUnlink(db: Db, sessionId: number, actor: Actor): Promise<SessionRow> {
  return db.tx(async (t) => {
    const row = await bumpLink(t, sessionId, 'logged_out', 'unlinked by an admin', null);
    await audit(t, actor, 'session.unlink', row.account_id, { sessionId });
    return row;
  });
}

async function bumpLink(t: Queryable, sessionId: number, status: string, reason: string, pairingPhone: string | null): Promise<SessionRow> {
  const row = await t.one<SessionRow>(
    `UPDATE sender_sessions SET status = $2, status_reason = $3, link_generation = link_generation + 1,
            pairing_phone = $4, pairing_code = NULL, pairing_code_at = NULL
      WHERE id = $1 AND status <> 'removed' RETURNING *`,
    [sessionId, status, reason, pairingPhone],
  );
  if (!row) throw new SenderNotFoundError(sessionId);
  await wipeCredentials(t, sessionId);
  return row;
}

/** A session the owning process should connect although nobody linked it yet: a link was asked for. */
export function linkRequested(row: Pick<SessionRow, 'status' | 'link_generation'>): boolean {
  return row.status === 'new' && row.link_generation > 0;
}
