// Messages the platform itself sends to an account owner (sender paused, billing reminders,
// top-up decided, campaign completed), rendered from the catalogues in the owner's language.
// They go out through an operator session this process drives: one without an account
// (the platform's number) is preferred over an account's own commands sender.
import type { Channel } from '../gateway/channel.js';
import type { Queryable } from '../db/database.js';
import { isLang, type Lang } from '../i18n/lang.js';
import { render, type Msg } from '../i18n/t.js';

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

/** The account owner's number and the language they last wrote in (else the account's). */
export async function ownerContact(q: Queryable, accountId: number): Promise<{ phone: string; lang: Lang } | undefined> {
  const row = await q.one<{ phone: string; language: string }>(
    `SELECT m.phone, coalesce(m.language, a.language) AS language FROM members m JOIN accounts a ON a.id = m.account_id
      WHERE m.account_id = $1 AND m.role = 'owner' ORDER BY m.id LIMIT 1`, [accountId]);
  return row && { phone: row.phone, lang: isLang(row.language) ? row.language : 'en' };
}

/** Sends a notice to the account owner in their language; false when there is no owner. */
export async function noticeOwner(q: Queryable, send: SendWhatsApp, accountId: number, notice: Msg): Promise<boolean> {
  const owner = await ownerContact(q, accountId);
  if (!owner) return false;
  await send(owner.phone, render(owner.lang, notice));
  return true;
}
