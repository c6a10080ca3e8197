// The sandbox channel: the Channel interface with no network. Sends land in sandbox_messages,
// receipts are simulated on unref'd timers, and inbound messages are injected by the CLI
// `chat` command, the console's sandbox page or a test.
import { EventEmitter } from 'node:events';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type {
  Channel, ChannelEvents, InboundMessage, MediaHandle, OutgoingContent, ReceiptStatus, SendResult,
} from './channel.js';
import { markInboundSeen } from './inbound-seen.js';
import { newMessageId } from './message-id.js';

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
  random?: () => number;
}

export interface SandboxAttachment { fileName: string; mimetype: string; data: Buffer }

/** Fictional numbers (+1 555 …) for sandbox senders that have no real one. */
export function sandboxPhone(sessionId: number): string {
  return `+1555${String(sessionId).padStart(7, '0')}`;
}

const STATUS_FLUSH_MS = 100;

export class SandboxChannel extends EventEmitter<ChannelEvents> implements Channel {
  readonly transport = 'sandbox' as const;
  readonly sessionId: number;
  readonly phone: string;
  private open = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  private pendingStatus = new Map<string, ReceiptStatus>();
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly random: () => number;

  constructor(private readonly opts: SandboxOptions) {
    super();
    this.sessionId = opts.sessionId;
    this.phone = opts.phone ?? sandboxPhone(opts.sessionId);
    this.random = opts.random ?? Math.random;
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
    await this.flushStatus();
    this.emit('status', { state: 'closed', reason: 'closed by this process' });
  }

  async send(toPhone: string, content: OutgoingContent, opts: { messageId?: string } = {}): Promise<SendResult> {
    if (!this.open) throw new Error(`sandbox session ${this.sessionId} is not connected`);
    const messageId = opts.messageId ?? newMessageId();
    const body = content.kind === 'text' ? content.text : content.caption ?? null;
    const media = content.kind === 'text' ? null : JSON.stringify({
      kind: content.kind, mimetype: content.mimetype, sizeBytes: content.data.length,
      fileName: content.kind === 'document' ? content.fileName : undefined,
    });
    await this.opts.db.exec(
      `INSERT INTO sandbox_messages (session_id, direction, from_phone, to_phone, body, media, wa_message_id, status)
       VALUES ($1, 'out', $2, $3, $4, $5::jsonb, $6, 'sent')`,
      [this.sessionId, this.phone, toPhone, body, media, messageId],
    );
    const at = new Date();
    this.later(0, () => this.receipt(messageId, 'server-ack'));
    if (this.random() < this.opts.failureRate) {
      this.later(this.opts.deliveredMs, () => this.receipt(messageId, 'failed', 'simulated sandbox failure'));
    } else {
      this.later(this.opts.deliveredMs, () => this.receipt(messageId, 'delivered'));
      if (this.opts.readMs >= 0) this.later(Math.max(this.opts.readMs, this.opts.deliveredMs), () => this.receipt(messageId, 'read'));
    }
    return { messageId, at };
  }

  async existsOnWhatsApp(phones: string[]): Promise<Set<string>> {
    return new Set(phones);
  }

  /** Plays an inbound message from any number; null when that id was already handled. */
  async inject(input: { fromPhone: string; text?: string; attachment?: SandboxAttachment; id?: string }): Promise<InboundMessage | null> {
    const id = input.id ?? newMessageId();
    const media = input.attachment ? attachmentHandle(input.attachment) : undefined;
    await this.opts.db.exec(
      `INSERT INTO sandbox_messages (session_id, direction, from_phone, to_phone, body, media, wa_message_id, status)
       VALUES ($1, 'in', $2, $3, $4, $5::jsonb, $6, 'received')`,
      [this.sessionId, input.fromPhone, this.phone, input.text ?? null,
        media ? JSON.stringify({ kind: media.kind, mimetype: media.mimetype, fileName: media.fileName, sizeBytes: media.sizeBytes }) : null, id],
    );
    if (!(await markInboundSeen(this.opts.db, this.sessionId, id))) return null;
    const message: InboundMessage = {
      sessionId: this.sessionId, id, fromPhone: input.fromPhone, text: input.text ?? '', media, timestamp: new Date(),
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
    if (status !== 'server-ack') this.queueStatus(messageId, status);
    this.emit('receipt', { sessionId: this.sessionId, messageId, status, reason, at: new Date() });
  }

  // Receipts update sandbox_messages in batches so sends stay one INSERT each.
  private queueStatus(messageId: string, status: ReceiptStatus): void {
    this.pendingStatus.set(messageId, status);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => { void this.flushStatus(); }, STATUS_FLUSH_MS);
    this.flushTimer.unref();
  }

  private async flushStatus(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pendingStatus.size === 0) return;
    const batch = this.pendingStatus;
    this.pendingStatus = new Map();
    try {
      await this.opts.db.exec(
        `UPDATE sandbox_messages m SET status = u.status
           FROM unnest($1::text[], $2::text[]) AS u(id, status)
          WHERE m.wa_message_id = u.id AND m.direction = 'out' AND m.session_id = $3`,
        [[...batch.keys()], [...batch.values()], this.sessionId],
      );
    } catch (e) {
      this.opts.log.warn({ err: e, sessionId: this.sessionId }, 'could not record sandbox receipt statuses');
    }
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
  };
}
