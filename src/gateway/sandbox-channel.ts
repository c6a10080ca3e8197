// The sandbox channel: the Channel interface with no network. Sends land in sandbox_messages
// (batched across channels by SandboxWriter), receipts are simulated on unref'd timers, and inbound messages are injected by the CLI
// `chat` command, the console's sandbox page or a test.
import { statSync } from 'node:fs';
import { storeSandboxFile } from './sandbox-files.js';
import { Readable } from 'node:stream';
import { EventEmitter } from 'node:events';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type {
  Channel, ChannelEvents, InboundMessage, MediaHandle, OutgoingContent, ReachoutState, ReceiptStatus, SendResult,
} from './channel.js';
import { REACH_OUT_LOCKED } from './channel.js';
import { markInboundSeen } from './inbound-seen.js';
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

  async send(toPhone: string, content: OutgoingContent, opts: { messageId?: string } = {}): Promise<SendResult> {
    if (!this.open) throw new Error(`sandbox session ${this.sessionId} is not connected`);
    const messageId = opts.messageId ?? newMessageId();
    const body = content.kind === 'text' ? content.text : content.caption ?? null;
    const sha256 = content.kind !== 'text' && this.opts.filesDir ? await storeSandboxFile(this.opts.filesDir, content) : undefined;
    const media = content.kind === 'text' ? null : JSON.stringify({
      kind: content.kind, mimetype: content.mimetype, sha256,
      sizeBytes: content.kind === 'document' && content.path ? statSync(content.path).size : content.data?.length ?? 0,
      fileName: content.kind === 'document' ? content.fileName : undefined,
    });
    await this.writer.insert({
      sessionId: this.sessionId, direction: 'out', fromPhone: this.phone, toPhone, body, media, messageId, status: 'sent',
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

  /** Plays an inbound message from any number; null when that id was already handled. */
  async inject(input: { fromPhone: string; lid?: string; text?: string; attachment?: SandboxAttachment; id?: string }): Promise<InboundMessage | null> {
    const id = input.id ?? newMessageId();
    const media = input.attachment ? attachmentHandle(input.attachment) : undefined;
    await this.writer.insert({
      sessionId: this.sessionId, direction: 'in', fromPhone: input.fromPhone, toPhone: this.phone, body: input.text ?? null,
      media: media ? JSON.stringify({ kind: media.kind, mimetype: media.mimetype, fileName: media.fileName, sizeBytes: media.sizeBytes }) : null,
      messageId: id, status: 'received',
    });
    if (!(await markInboundSeen(this.opts.db, this.sessionId, id))) return null;
    this.wroteToUs.add(input.fromPhone);
    // With a LID the message arrives addressed by LID only, as WhatsApp may send it: the
    // phone is known only if an earlier message showed the pair.
    const lid = input.lid ? (input.lid.endsWith('@lid') ? input.lid : `${input.lid}@lid`) : undefined;
    const sender = lid ? await resolveLid(this.opts.db, { fromLid: lid }, new Date()) : { fromPhone: input.fromPhone };
    const message: InboundMessage = {
      sessionId: this.sessionId, id, ...sender, replyJid: lid, text: input.text ?? '', media, timestamp: new Date(),
    };
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
  const kind = a.mimetype.startsWith('image/') ? 'image' : 'document';
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
