// WA_TRANSPORT=sandbox: the platform's operator number (the one owners text), created once,
// whichever process asks first.
import { audit, SYSTEM } from '../audit.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';

/** The fictional number a sandbox sender "is" when it has none (+1 555 …). */
export function sandboxPhone(sessionId: number): string {
  return `+1555${String(sessionId).padStart(7, '0')}`;
}

export async function ensureSandboxOperatorSession(db: Db, config: Pick<Config, 'operatorPhone'>): Promise<number> {
  return db.tx(async (t) => {
    await t.exec(`SELECT pg_advisory_xact_lock(hashtext('wa-chatops:ensure-sandbox-session'))`);
    const existing = await t.one<{ id: number }>(
      `SELECT id FROM sender_sessions WHERE account_id IS NULL AND status <> 'removed' AND purpose IN ('commands','both') ORDER BY id LIMIT 1`);
    if (existing) return existing.id;
    const row = await t.one<{ id: number }>(
      `INSERT INTO sender_sessions (transport, purpose, label, warmup) VALUES ('sandbox', 'both', 'sandbox operator number', false) RETURNING id`);
    await t.exec('UPDATE sender_sessions SET phone = $2 WHERE id = $1', [row!.id, config.operatorPhone ?? sandboxPhone(row!.id)]);
    await audit(t, SYSTEM, 'session.add', null, { sessionId: row!.id, transport: 'sandbox', purpose: 'both' });
    return row!.id;
  });
}
