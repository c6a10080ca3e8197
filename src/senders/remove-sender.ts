// Removing a sender: the end of its state machine.
import { audit, SYSTEM, type Actor } from '../audit.js';
import type { Db } from '../db/database.js';
import { SenderNotFoundError } from './errors.js';
import type { SessionRow } from './session-row.js';
import { wipeCredentials } from './wipe-credentials.js';

/**
 * Marks the session removed and wipes its WhatsApp credentials; the owning process closes
 * its socket at its next heartbeat. History (sent messages, sandbox log) stays for retention.
 */
export async function removeSession(db: Db, id: number, actor: Actor = SYSTEM): Promise<void> {
  await db.tx(async (t) => {
    const row = await t.one<SessionRow>(`SELECT * FROM sender_sessions WHERE id = $1 FOR UPDATE`, [id]);
    if (!row || row.status === 'removed') throw new SenderNotFoundError(id);
    await t.exec(
      `UPDATE sender_sessions SET status = 'removed', status_reason = 'removed', owner_id = NULL, lease_until = NULL,
              pairing_phone = NULL, pairing_code = NULL WHERE id = $1`, [id]);
    await wipeCredentials(t, id);
    await audit(t, actor, 'session.remove', row.account_id, { sessionId: id, phone: row.phone });
  });
}
