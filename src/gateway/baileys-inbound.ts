// Turns Baileys' WAMessages and update events into our InboundMessage and Receipt shapes.
import { Transform } from 'node:stream';
import {
  downloadMediaMessage, isJidBroadcast, isJidGroup, isJidNewsletter, isJidStatusBroadcast, isLidUser, isPnUser,
  jidDecode, normalizeMessageContent, proto, type WAMessage, type WAMessageKey,
} from '@whiskeysockets/baileys';
import type { Logger } from '../logger.js';
import type { MediaHandle, ReceiptStatus } from './channel.js';

export interface SenderIds { fromPhone?: string; fromLid?: string }

/** Only one-to-one chats carry commands; groups, broadcasts, status and channels are ignored. */
export function isDirectChat(jid: string): boolean {
  return !(isJidGroup(jid) || isJidBroadcast(jid) || isJidStatusBroadcast(jid) || isJidNewsletter(jid));
}

export function phoneFromJid(jid: string | undefined | null): string | undefined {
  if (!jid || !isPnUser(jid)) return undefined;
  const user = jidDecode(jid)?.user;
  return user && /^\d{7,15}$/.test(user) ? `+${user}` : undefined;
}

export function lidFromJid(jid: string | undefined | null): string | undefined {
  if (!jid || !isLidUser(jid)) return undefined;
  const user = jidDecode(jid)?.user;
  return user ? `${user}@lid` : undefined;
}

/**
 * The sender as phone and/or LID. WhatsApp may address a chat by LID only; the PN then comes
 * from the key's alternate jid or Baileys' LID↔PN mapping, when it knows it.
 */
export async function resolveSender(key: WAMessageKey, pnForLid: (lid: string) => Promise<string | null | undefined>): Promise<SenderIds> {
  const jid = key.remoteJid ?? '';
  const fromLid = lidFromJid(jid) ?? lidFromJid(key.remoteJidAlt);
  let fromPhone = phoneFromJid(jid) ?? phoneFromJid(key.remoteJidAlt);
  if (!fromPhone && fromLid) fromPhone = phoneFromJid(await pnForLid(jid).catch(() => null));
  return { fromPhone, fromLid };
}

export function messageText(content: proto.IMessage): string {
  return (content.conversation
    ?? content.extendedTextMessage?.text
    ?? content.imageMessage?.caption
    ?? content.videoMessage?.caption
    ?? content.documentMessage?.caption
    ?? '').trim();
}

type MediaKind = MediaHandle['kind'];
const MEDIA_FIELDS: Array<[keyof proto.IMessage, MediaKind]> = [
  ['imageMessage', 'image'], ['documentMessage', 'document'], ['audioMessage', 'audio'],
  ['videoMessage', 'video'], ['stickerMessage', 'sticker'],
];

export function mediaHandle(msg: WAMessage, content: proto.IMessage, ctx: {
  log: Logger; reupload: (m: WAMessage) => Promise<WAMessage>;
}): MediaHandle | undefined {
  for (const [field, kind] of MEDIA_FIELDS) {
    const media = content[field] as { mimetype?: string | null; fileName?: string | null; fileLength?: number | Long | null } | null | undefined;
    if (!media) continue;
    const sizeBytes = media.fileLength == null ? undefined : Number(media.fileLength);
    return {
      kind, mimetype: media.mimetype ?? undefined, fileName: media.fileName ?? undefined, sizeBytes,
      async download(maxBytes: number) {
        if (sizeBytes !== undefined && sizeBytes > maxBytes) throw new RangeError(`attachment is ${sizeBytes} bytes; the limit is ${maxBytes}`);
        const data = await downloadMediaMessage(msg, 'buffer', {}, { logger: ctx.log as any, reuploadRequest: ctx.reupload });
        if (data.length > maxBytes) throw new RangeError(`attachment is ${data.length} bytes; the limit is ${maxBytes}`);
        return data;
      },
      // Decrypted as it arrives from WhatsApp's media server; cut off past maxBytes.
      async stream(maxBytes: number) {
        if (sizeBytes !== undefined && sizeBytes > maxBytes) throw new RangeError(`attachment is ${sizeBytes} bytes; the limit is ${maxBytes}`);
        const source = await downloadMediaMessage(msg, 'stream', {}, { logger: ctx.log as any, reuploadRequest: ctx.reupload });
        let seen = 0;
        const limit = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            seen += chunk.length;
            if (seen > maxBytes) return cb(new RangeError(`attachment is over ${maxBytes} bytes`));
            cb(null, chunk);
          },
        });
        source.on('error', (e) => limit.destroy(e));
        return source.pipe(limit);
      },
    };
  }
  return undefined;
}

type Long = { toNumber(): number };

/** The parts of an upsert worth handing on, or undefined for what we ignore. */
export function inboundContent(msg: WAMessage): { content: proto.IMessage; text: string } | undefined {
  const key = msg.key;
  if (!key?.id || !key.remoteJid || key.fromMe || !isDirectChat(key.remoteJid)) return undefined;
  const content = normalizeMessageContent(msg.message);
  if (!content) return undefined;
  const text = messageText(content);
  const hasMedia = MEDIA_FIELDS.some(([f]) => content[f]);
  // Reactions, protocol messages, polls … carry no command.
  if (!text && !hasMedia) return undefined;
  return { content, text };
}

export function timestampOf(msg: WAMessage): Date {
  const ts = msg.messageTimestamp;
  const secs = ts == null ? NaN : Number(ts);
  return Number.isFinite(secs) && secs > 0 ? new Date(secs * 1000) : new Date();
}

const { Status } = proto.WebMessageInfo;

/** WhatsApp's message status to ours; PENDING carries no news. */
export function receiptStatus(status: number | null | undefined): ReceiptStatus | undefined {
  switch (status) {
    case Status.ERROR: return 'failed';
    case Status.SERVER_ACK: return 'server-ack';
    case Status.DELIVERY_ACK: return 'delivered';
    case Status.READ: case Status.PLAYED: return 'read';
    default: return undefined;
  }
}
