// What the console's sandbox page reads: the operator session owners text, a phone's
// conversation with the bot, the newest sandbox sends and the phones that may play.
import type { Queryable } from '../db/database.js';

export interface SandboxMessage { id: number; direction: 'in' | 'out'; body: string | null; media: string | null; created_at: Date }

/** The sandbox session owners text (no account, commands or both), if one exists. */
export async function findSandboxOperatorSession(q: Queryable): Promise<number | undefined> {
  const row = await q.one<{ id: number }>(
    `SELECT id FROM sender_sessions WHERE transport = 'sandbox' AND account_id IS NULL AND status <> 'removed'
        AND purpose IN ('commands', 'both') ORDER BY id LIMIT 1`);
  return row?.id;
}

const WITH_PHONE = `((direction = 'in' AND from_phone = $1) OR (direction = 'out' AND to_phone = $1))`;

/** A phone's conversation, oldest first: the newest 200 messages, or the 200 after `afterId`. */
export async function sandboxConversation(q: Queryable, phone: string, afterId?: number): Promise<SandboxMessage[]> {
  if (afterId === undefined) {
    return (await q.query<SandboxMessage>(
      `SELECT id, direction, body, media, created_at FROM sandbox_messages WHERE ${WITH_PHONE} ORDER BY id DESC LIMIT 200`, [phone])).reverse();
  }
  return q.query<SandboxMessage>(
    `SELECT id, direction, body, media, created_at FROM sandbox_messages WHERE id > $2 AND ${WITH_PHONE} ORDER BY id LIMIT 200`, [phone, afterId]);
}

export async function recentSandboxSends(q: Queryable): Promise<Array<{ id: number; to_phone: string; body: string | null; media: unknown; status: string; created_at: Date }>> {
  return q.query(`SELECT id, to_phone, body, media, status, created_at FROM sandbox_messages WHERE direction = 'out' ORDER BY id DESC LIMIT 50`);
}

/** Members of live accounts, whose phones the sandbox page offers to play as. */
export async function listPlayableMembers(q: Queryable): Promise<Array<{ phone: string; role: string; account_name: string }>> {
  return q.query(
    `SELECT m.phone, m.role, a.name AS account_name FROM members m JOIN accounts a ON a.id = m.account_id WHERE a.status <> 'erased' ORDER BY a.name, m.id LIMIT 200`);
}

/** The stored file of a sandbox message with a document or media (for the console's download). */
export async function getSandboxMessageFile(q: Queryable, id: number): Promise<{ sha256: string; fileName: string; mimetype: string } | undefined> {
  const row = await q.one<{ media: { sha256?: string; fileName?: string; mimetype?: string; kind?: string } | null }>(
    'SELECT media FROM sandbox_messages WHERE id = $1', [id]);
  const m = row?.media;
  if (!m?.sha256) return undefined;
  return { sha256: m.sha256, fileName: m.fileName ?? `${m.kind ?? 'file'}-${id}`, mimetype: m.mimetype ?? 'application/octet-stream' };
}
