// The sandbox channel: the Channel interface with no network. Sends land in sandbox_messages
// (batched across channels by SandboxWriter), receipts are simulated on unref'd timers, and inbound messages are injected by the CLI
// `chat` command, the console's sandbox page or a test.
import { statSync } from 'node:fs';
import { contentSha256, storeSandboxFile } from './sandbox-files.js';
import { Readable } from 'node:stream';
import { EventEmitter } from 'node:events';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type {
  Channel, ChannelEvents, IncomingCall, InboundMessage, MediaHandle, OutgoingContent, ReachoutState, ReceiptStatus, SendOptions, SendResult,
} from './channel.js';
import { REACH_OUT_LOCKED } from './channel.js';
import { recordInbound } from './inbound-journal.js';
import { resolveLid } from './lid-mappings.js';
import { newMessageId } from './message-id.js';
import { sandboxPhone } from '../senders/ensure-sandbox-operator.js';
import { sandboxWriter, type SandboxWriter } from './sandbox-writer.js';

export interface SandboxOptions {
  sessionId: number;
  db: Db;
  log: Logger;
  /** The number this sender "is"; a fictional +1555… number when the session has none. */
  phone?: string | null;
  deliveredMs: number;
  /** -1 = never read. */
  readMs: number;
  failureRate: number;
  /** E.164 prefixes reported as not on WhatsApp (SANDBOX_NOT_ON_WHATSAPP). */
  notOnWhatsApp?: string[];
  random?: () => number;
  /** Where documents and media sent through this channel are kept (by content hash), so the console and `chat` can hand them out. */
  filesDir?: string;
}

export interface SandboxAttachment { fileName: string; mimetype: string; data: Buffer }

export { sandboxPhone };

export class SandboxChannel extends EventEmitter<ChannelEvents> implements Channel {
  readonly transport = 'sandbox' as const;
  readonly sessionId: number;
  readonly phone: string;
  private open = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly writer: SandboxWriter;
  private readonly random: () => number;
  /** The simulated reach-out timelock (epoch ms) and the numbers that wrote to this sender. */
  private lockedUntil = 0;
  private readonly wroteToUs = new Set<string>();

  constructor(private readonly opts: SandboxOptions) {
    super();
    this.sessionId = opts.sessionId;
    this.phone = opts.phone ?? sandboxPhone(opts.sessionId);
    this.random = opts.random ?? Math.random;
    this.writer = sandboxWriter(opts.db, opts.log);
  }

  async connect(): Promise<void> {
    this.emit('status', { state: 'connecting' });
    this.open = true;
    this.emit('status', { state: 'open', phone: this.phone });
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.writer.flushStatus();
    this.emit('status', { state: 'closed', reason: 'closed by this process' });
  }

  async send(toPhone: string, content: OutgoingContent, opts: SendOptions = {}): Promise<SendResult> {
    if (!this.open) throw new Error(`sandbox session ${this.sessionId} is not connected`);
    const messageId = opts.messageId ?? newMessageId();
    if (opts.once && opts.messageId) {
      const sent = await this.opts.db.one(
        `SELECT 1 FROM sandbox_messages WHERE wa_message_id = $1 AND session_id = $2 AND direction = 'out'`, [messageId, this.sessionId]);
      if (sent) return { messageId, at: new Date() };
    }
    const body = content.kind === 'text' ? content.text : content.caption ?? null;
    const sha256 = content.kind === 'text' ? undefined
      : this.opts.filesDir ? await storeSandboxFile(this.opts.filesDir, content) : await contentSha256(content);
    const media = content.kind === 'text' ? null : JSON.stringify({
      kind: content.kind === 'media' ? content.media : content.kind, mimetype: content.mimetype, sha256,
      sizeBytes: content.kind !== 'image' && content.path ? statSync(content.path).size : content.kind !== 'media' ? content.data?.length ?? 0 : 0,
      fileName: content.kind !== 'image' ? content.fileName : undefined,
    });
    await this.writer.insert({
      sessionId: this.sessionId, direction: 'out', fromPhone: this.phone, toPhone, body, media, messageId, status: 'sent',
      ...(content.kind === 'text' ? {} : {
        mediaKind: content.kind === 'media' ? content.media : content.kind, mediaMime: content.mimetype,
        mediaSha256: sha256 ?? null,
      }),
    });
    const at = new Date();
    if (Date.now() < this.lockedUntil && !this.wroteToUs.has(toPhone)) {
      // Like WhatsApp under a reach-out lock: a first contact is answered with a 463 nack.
      this.later(0, () => this.receipt(messageId, 'failed', REACH_OUT_LOCKED));
      return { messageId, at };
    }
    this.later(0, () => this.receipt(messageId, 'server-ack'));
    if (this.random() < this.opts.failureRate) {
      this.later(this.opts.deliveredMs, () => this.receipt(messageId, 'failed', 'simulated sandbox failure'));
    } else {
      this.later(this.opts.deliveredMs, () => this.receipt(messageId, 'delivered'));
      if (this.opts.readMs >= 0) this.later(Math.max(this.opts.readMs, this.opts.deliveredMs), () => this.receipt(messageId, 'read'));
    }
    return { messageId, at };
  }

  /** A fake pairing code shaped like WhatsApp's (the sandbox links itself). */
  async requestPairingCode(phone: string): Promise<string> {
    if (!/^\+[1-9]\d{6,14}$/.test(phone)) throw new RangeError(`not an E.164 number: "${phone}"`);
    const letters = 'ABCDEFGHJKLMNPQRSTVWXYZ23456789';
    const code = Array.from({ length: 8 }, () => letters[Math.floor(this.random() * letters.length)]).join('');
    return `${code.slice(0, 4)}-${code.slice(4)}`;
  }

  /** Every number is on WhatsApp except those starting with a SANDBOX_NOT_ON_WHATSAPP prefix. */
  async checkNumbers(phones: string[]): Promise<Map<string, boolean>> {
    if (!this.open) throw new Error(`sandbox session ${this.sessionId} is not connected`);
    const absent = this.opts.notOnWhatsApp ?? [];
    return new Map(phones.map((p) => [p, !absent.some((prefix) => p.startsWith(prefix))]));
  }

  /**
   * Simulates WhatsApp's reach-out timelock for `minutes` (0 lifts it): first-contact sends
   * are answered 463 meanwhile, and the lock is reported like WhatsApp's notification.
   */
  async setTimelock(minutes: number): Promise<ReachoutState> {
    const contacts = await this.opts.db.query<{ phone: string }>('SELECT phone FROM sender_contacts WHERE session_id = $1', [this.sessionId]);
    for (const c of contacts) this.wroteToUs.add(c.phone);
    this.lockedUntil = minutes > 0 ? Date.now() + minutes * 60_000 : 0;
    const state: ReachoutState = minutes > 0
      ? { sessionId: this.sessionId, locked: true, until: new Date(this.lockedUntil), enforcementType: 'DEFAULT' }
      : { sessionId: this.sessionId, locked: false };
    this.emit('reachout', state);
    return state;
  }

  /** Plays a call from any number: rejected at once, as the real channel does, and reported. */
  async injectCall(input: { fromPhone: string; lid?: string; id?: string }): Promise<IncomingCall> {
    const lid = input.lid ? (input.lid.endsWith('@lid') ? input.lid : `${input.lid}@lid`) : undefined;
    const sender = lid ? await resolveLid(this.opts.db, { fromLid: lid }, new Date()) : { fromPhone: input.fromPhone };
    const call: IncomingCall = {
      sessionId: this.sessionId, callId: input.id ?? newMessageId(), ...sender, fromJid: lid ?? input.fromPhone, at: new Date(),
    };
    this.emit('call', call);
    return call;
  }

  /** Plays an inbound message from any number; null when that id was already handled. */
  async inject(input: { fromPhone: string; lid?: string; text?: string; attachment?: SandboxAttachment; id?: string }): Promise<InboundMessage | null> {
    const id = input.id ?? newMessageId();
    const media = input.attachment ? attachmentHandle(input.attachment) : undefined;
    await this.writer.insert({
      sessionId: this.sessionId, direction: 'in', fromPhone: input.fromPhone, toPhone: this.phone, body: input.text ?? null,
      media: media ? JSON.stringify({ kind: media.kind, mimetype: media.mimetype, fileName: media.fileName, sizeBytes: media.sizeBytes }) : null,
      messageId: id, status: 'received',
    });
    // With a LID the message arrives addressed by LID only, as WhatsApp may send it: the
    // phone is known only if an earlier message showed the pair.
    const lid = input.lid ? (input.lid.endsWith('@lid') ? input.lid : `${input.lid}@lid`) : undefined;
    const sender = lid ? await resolveLid(this.opts.db, { fromLid: lid }, new Date()) : { fromPhone: input.fromPhone };
    const message: InboundMessage = {
      sessionId: this.sessionId, id, ...sender, replyJid: lid, text: input.text ?? '', media, timestamp: new Date(),
    };
    // Written (and deduplicated) before anything acts on it, like a real socket's message.
    if (!(await recordInbound(this.opts.db, message))) return null;
    this.wroteToUs.add(input.fromPhone);
    this.emit('inbound', message);
    return message;
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => { this.timers.delete(t); fn(); }, ms);
    t.unref(); // simulated receipts never keep the process alive
    this.timers.add(t);
  }

  private receipt(messageId: string, status: ReceiptStatus, reason?: string): void {
    if (status !== 'server-ack') this.writer.queueStatus(this.sessionId, messageId, status);
    this.emit('receipt', { sessionId: this.sessionId, messageId, status, reason, at: new Date() });
  }
}

function attachmentHandle(a: SandboxAttachment): MediaHandle {
  // As WhatsApp delivers them: pictures, videos and voice/audio as their own kinds, the rest as documents.
  const kind = a.mimetype.startsWith('image/') ? 'image' : a.mimetype.startsWith('video/') ? 'video' : a.mimetype.startsWith('audio/') ? 'audio' : 'document';
  return {
    kind, mimetype: a.mimetype, fileName: a.fileName, sizeBytes: a.data.length,
    async download(maxBytes: number) {
      if (a.data.length > maxBytes) throw new RangeError(`attachment is ${a.data.length} bytes; the limit is ${maxBytes}`);
      return a.data;
    },
    async stream(maxBytes: number) {
      if (a.data.length > maxBytes) throw new RangeError(`attachment is ${a.data.length} bytes; the limit is ${maxBytes}`);
      return Readable.from(chunksOf(a.data));
    },
  };
}

/** 64 KB views of a buffer, as a socket would deliver them. */
function* chunksOf(data: Buffer): Generator<Buffer> {
  for (let at = 0; at < data.length; at += 65_536) yield data.subarray(at, at + 65_536);
}
