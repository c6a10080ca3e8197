// Sent WAMessages, kept so Baileys' getMessage can answer a recipient's retry request.
import { proto, type WAMessage } from '@whiskeysockets/baileys';
import type { Queryable } from '../db/database.js';

export async function storeSentMessage(q: Queryable, sessionId: number, msg: WAMessage): Promise<void> {
  if (!msg.key?.id) return;
  await q.exec(
    `INSERT INTO sent_messages (wa_message_id, session_id, message) VALUES ($1, $2, $3) ON CONFLICT (wa_message_id) DO NOTHING`,
    [msg.key.id, sessionId, Buffer.from(proto.WebMessageInfo.encode(msg).finish())],
  );
}

export async function loadSentMessage(q: Queryable, sessionId: number, messageId: string): Promise<proto.IMessage | undefined> {
  const row = await q.one<{ message: Buffer }>(
    'SELECT message FROM sent_messages WHERE wa_message_id = $1 AND session_id = $2', [messageId, sessionId]);
  return row ? proto.WebMessageInfo.decode(row.message).message ?? undefined : undefined;
}
