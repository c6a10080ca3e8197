// Messages the platform itself sends to an account owner (sender paused, billing reminders).
// They go out through an operator session this process drives: one without an account
// (the platform's number) is preferred over an account's own commands sender.
import type { Channel } from '../gateway/channel.js';
import type { Queryable } from '../db/database.js';

export type SendWhatsApp = (toPhone: string, text: string) => Promise<void>;

export interface ChannelSource {
  channel(sessionId: number): Channel | undefined;
  ownedSessionIds(): number[];
}

export function sendViaOperatorSession(q: Queryable, sessions: ChannelSource): SendWhatsApp {
  return async (toPhone, text) => {
    const owned = sessions.ownedSessionIds();
    const candidates = await q.query<{ id: number }>(
      `SELECT id FROM sender_sessions WHERE id = ANY($1::int[]) AND purpose IN ('commands', 'both')
          AND status = 'open' AND paused_reason IS NULL
        ORDER BY (account_id IS NULL) DESC, id`, [owned]);
    for (const c of candidates) {
      const channel = sessions.channel(c.id);
      if (channel) { await channel.send(toPhone, { kind: 'text', text }); return; }
    }
    throw new Error('no operator session is connected in this process');
  };
}

export async function ownerPhone(q: Queryable, accountId: number): Promise<string | undefined> {
  const row = await q.one<{ phone: string }>(
    `SELECT phone FROM members WHERE account_id = $1 AND role = 'owner' ORDER BY id LIMIT 1`, [accountId]);
  return row?.phone;
}
