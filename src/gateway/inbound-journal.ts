// Every inbound message is written here before anything acts on it (issue 21, item 4): the
// write is the dedupe (session, WhatsApp id), and `handled_at` is set only once the router
// has handled the message. A message a crash left unhandled is claimed again by the process
// that drives its session (src/router/inbound-recovery.ts) and handled then; its answers carry
// ids derived from the message (replyMessageId), so an answer already sent is not sent twice.
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import type { InboundMessage, MediaHandle } from './channel.js';

/** Handling attempts after which a message is given up (logged, marked, never retried). */
export const MAX_INBOUND_ATTEMPTS = 3;

/** Writes the message; true the first time (session, id) is seen, false for every repeat. */
export async function recordInbound(q: Queryable, msg: InboundMessage): Promise<boolean> {
  const media = msg.media ? JSON.stringify({ kind: msg.media.kind, mimetype: msg.media.mimetype, fileName: msg.media.fileName, sizeBytes: msg.media.sizeBytes }) : null;
  const n = await q.exec(
    `INSERT INTO inbound_messages (session_id, wa_message_id, from_phone, from_lid, reply_jid, body, media, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) ON CONFLICT DO NOTHING`,
    [msg.sessionId, msg.id, msg.fromPhone ?? null, msg.fromLid ?? null, msg.replyJid ?? null, noNul(msg.text), media, msg.timestamp]);
  return n === 1;
}

/** PostgreSQL text cannot hold NUL; a message carrying one is kept without it. */
export function noNul(text: unknown): string {
  return typeof text === 'string' ? text.replace(/\u0000/g, '') : '';
}

export async function markInboundHandled(q: Queryable, sessionId: number, messageId: string, outcome = 'handled'): Promise<void> {
  await q.exec(
    `UPDATE inbound_messages SET handled_at = now(), outcome = $3 WHERE session_id = $1 AND wa_message_id = $2 AND handled_at IS NULL`,
    [sessionId, messageId, outcome]);
}

interface JournalRow {
  session_id: number; wa_message_id: string; from_phone: string | null; from_lid: string | null; reply_jid: string | null;
  body: string; media: { kind: MediaHandle['kind']; mimetype?: string; fileName?: string; sizeBytes?: number } | null;
  sent_at: Date; attempts: number;
}

/**
 * Claims unhandled messages of these sessions that have waited `afterMs` since they were
 * received (or last tried): each claim counts an attempt. Messages past MAX_INBOUND_ATTEMPTS
 * are marked given up and returned in `gaveUp` for the log.
 */
export async function claimUnhandledInbound(q: Queryable, sessionIds: number[], afterMs: number, limit = 50): Promise<{ messages: InboundMessage[]; gaveUp: number }> {
  if (!sessionIds.length) return { messages: [], gaveUp: 0 };
  const gaveUp = await q.exec(
    `UPDATE inbound_messages SET handled_at = now(), outcome = 'gave_up'
      WHERE handled_at IS NULL AND session_id = ANY($1::int[]) AND attempts >= $2`, [sessionIds, MAX_INBOUND_ATTEMPTS]);
  const rows = await q.query<JournalRow>(
    `UPDATE inbound_messages m SET attempts = m.attempts + 1, next_try_at = now()
      FROM (SELECT session_id, wa_message_id FROM inbound_messages
             WHERE handled_at IS NULL AND session_id = ANY($1::int[])
               AND COALESCE(next_try_at, received_at) <= now() - make_interval(secs => $2::float8 / 1000)
             ORDER BY received_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
     WHERE m.session_id = due.session_id AND m.wa_message_id = due.wa_message_id
     RETURNING m.session_id, m.wa_message_id, m.from_phone, m.from_lid, m.reply_jid, m.body, m.media, m.sent_at, m.attempts`,
    [sessionIds, afterMs, limit]);
  rows.sort((a, b) => a.sent_at.getTime() - b.sent_at.getTime());
  return { messages: rows.map(toMessage), gaveUp };
}

function toMessage(r: JournalRow): InboundMessage {
  return {
    sessionId: r.session_id, id: r.wa_message_id, fromPhone: r.from_phone ?? undefined, fromLid: r.from_lid ?? undefined,
    replyJid: r.reply_jid ?? undefined, text: r.body, timestamp: r.sent_at, media: r.media ? goneMedia(r.media) : undefined,
  };
}

/**
 * The media of a message handled again after a crash: its bytes were never kept (the socket
 * that could fetch them is gone), so reading it fails like a download that broke off, and the
 * sender is asked to send it again.
 */
function goneMedia(m: NonNullable<JournalRow['media']>): MediaHandle {
  const gone = () => Promise.reject(new Error('the attachment of a message received before a restart is no longer available'));
  return { kind: m.kind, mimetype: m.mimetype, fileName: m.fileName, sizeBytes: m.sizeBytes, download: gone, stream: gone };
}

/**
 * The id of the `seq`-th answer to an inbound message: the same every time the message is
 * handled, so a channel can tell an answer it already sent (WhatsApp-Web-shaped, "3EB0" + 16 hex).
 */
export function replyMessageId(sessionId: number, inboundId: string, seq: number): string {
  return '3EB0' + createHash('sha256').update(`reply:${sessionId}:${inboundId}:${seq}`).digest('hex').slice(0, 16).toUpperCase();
}
