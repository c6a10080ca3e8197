// The SMS and e-mail sandboxes (issue 16): a sender session of kind sms or email on the
// sandbox transport. No provider: each send is a sandbox_messages row of its channel (an
// SMS with its number and parts, an e-mail with its address, subject and unsubscribe
// footer), delivery is simulated like the WhatsApp sandbox's, and an inbound SMS (STOP)
// can be played with inject().
import { EventEmitter } from 'node:events';
import type { Ctx } from '../context.js';
import {
  PermanentFailureError, type Channel, type ChannelEvents, type InboundMessage, type OutgoingContent, type SendOptions, type SendResult,
} from '../gateway/channel.js';
import { newMessageId } from '../gateway/message-id.js';
import { sandboxWriter, type SandboxWriter } from '../gateway/sandbox-writer.js';
import { composeEmail } from './email/compose.js';
import { splitSms } from './sms-parts.js';

export interface ChannelSandboxOptions {
  sessionId: number; kind: 'sms' | 'email'; deliveredMs: number; failureRate: number; random?: () => number;
  /** The sandbox's sender id / From address. */
  from?: string;
}

export class ChannelSandbox extends EventEmitter<ChannelEvents> implements Channel {
  readonly transport = 'sandbox' as const;
  readonly kind: 'sms' | 'email';
  readonly sessionId: number;
  private open = false;
  private readonly writer: SandboxWriter;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly random: () => number;

  constructor(private readonly ctx: Ctx, private readonly opts: ChannelSandboxOptions) {
    super();
    this.kind = opts.kind;
    this.sessionId = opts.sessionId;
    this.random = opts.random ?? Math.random;
    this.writer = sandboxWriter(ctx.db, ctx.log);
  }

  async connect(): Promise<void> {
    this.open = true;
    this.emit('status', { state: 'open' });
  }

  async close(): Promise<void> {
    this.open = false;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.writer.flushStatus();
    this.emit('status', { state: 'closed', reason: 'closed by this process' });
  }

  async send(to: string, content: OutgoingContent, opts: SendOptions = {}): Promise<SendResult> {
    if (!this.open) throw new Error(`sandbox ${this.kind} session ${this.sessionId} is not connected`);
    if (content.kind !== 'text') throw new PermanentFailureError(`${this.kind} carries text only`);
    const messageId = opts.messageId ?? newMessageId();
    if (this.kind === 'email') {
      const mail = composeEmail(this.ctx, { from: this.opts.from ?? this.ctx.config.channels.campaignMailFrom, to, messageId,
        subject: opts.email?.subject ?? '', text: content.text, html: opts.email?.html, accountId: opts.email?.accountId });
      await this.writer.insert({ sessionId: this.sessionId, direction: 'out', fromPhone: null, toPhone: null, body: mail.text,
        media: null, messageId, status: 'sent', channel: 'email', toEmail: to, subject: mail.subject });
    } else {
      const { parts, encoding } = splitSms(content.text);
      await this.writer.insert({ sessionId: this.sessionId, direction: 'out', fromPhone: this.opts.from ?? null, toPhone: to, body: content.text,
        media: JSON.stringify({ kind: 'sms', parts: parts.length, encoding }), messageId, status: 'sent', channel: 'sms' });
    }
    const at = new Date();
    this.emit('receipt', { sessionId: this.sessionId, messageId, status: 'server-ack', at });
    this.later(this.opts.deliveredMs, () => {
      const failed = this.random() < this.opts.failureRate;
      this.writer.queueStatus(this.sessionId, messageId, failed ? 'failed' : 'delivered');
      this.emit('receipt', { sessionId: this.sessionId, messageId, status: failed ? 'failed' : 'delivered', reason: failed ? 'sandbox: simulated failure' : undefined, at: new Date() });
    });
    return { messageId, at };
  }

  /** An SMS a recipient sends to this sender (e.g. STOP): it goes through the same 'inbound' event. */
  inject(input: { fromPhone: string; text: string }): InboundMessage {
    const message: InboundMessage = { sessionId: this.sessionId, id: newMessageId(), fromPhone: input.fromPhone, text: input.text, timestamp: new Date() };
    void this.writer.insert({ sessionId: this.sessionId, direction: 'in', fromPhone: input.fromPhone, toPhone: null, body: input.text, media: null,
      messageId: message.id, status: 'received', channel: this.kind });
    this.emit('inbound', message);
    return message;
  }

  private later(ms: number, fn: () => void): void {
    if (ms < 0) return;
    const t = setTimeout(() => { this.timers.delete(t); if (this.open) fn(); }, ms);
    t.unref();
    this.timers.add(t);
  }
}
