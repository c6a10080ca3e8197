// Forgets a session's WhatsApp link: the encrypted creds and signal keys.
import type { Queryable } from '../db/database.js';

export async function wipeCredentials(q: Queryable, sessionId: number): Promise<void> {
  await q.exec('DELETE FROM wa_keys WHERE session_id = $1', [sessionId]);
  await q.exec('DELETE FROM wa_creds WHERE session_id = $1', [sessionId]);
}
