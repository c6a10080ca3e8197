// An SMTP account as a sender session of kind email (issue 16): nodemailer's pooled
// transport (STARTTLS required unless SMTP_REQUIRE_TLS=false; smtps:// is TLS throughout).
// The pre-assigned message id becomes the Message-ID, every message carries the account's
// unsubscribe link and RFC 8058 one-click headers. The SMTP answer decides the outcome:
// accepted = sent; 4xx = not accepted, try later; 5xx = failed for good (a bounce). A
// connection lost after the message was handed over leaves it unknown: failed, never resent.
import { EventEmitter } from 'node:events';
import type { Transporter } from 'nodemailer';
import type { Ctx } from '../../context.js';
import {
  PermanentFailureError, TemporaryFailureError, type Channel, type ChannelEvents, type OutgoingContent, type SendOptions, type SendResult,
} from '../../gateway/channel.js';
import { newMessageId } from '../../gateway/message-id.js';
import { composeEmail } from './compose.js';

export interface SmtpChannelOptions {
  sessionId: number; url: string; from: string; poolSize: number; requireTls: boolean;
  /** Tests only: accept the local test server's self-signed certificate. */
  trustSelfSigned?: boolean;
}

/** SMTP commands before the message is handed over: an error there proves it was not sent. */
const BEFORE_DATA = new Set(['CONN', 'EHLO', 'HELO', 'STARTTLS', 'AUTH', 'AUTH PLAIN', 'AUTH LOGIN', 'AUTH XOAUTH2', 'AUTH CRAM-MD5', 'MAIL FROM', 'RCPT TO', 'API']);

export class SmtpChannel extends EventEmitter<ChannelEvents> implements Channel {
  readonly transport = 'smtp' as const;
  readonly kind = 'email' as const;
  readonly sessionId: number;
  private mailer: Transporter | undefined;

  constructor(private readonly ctx: Ctx, private readonly opts: SmtpChannelOptions) {
    super();
    this.sessionId = opts.sessionId;
  }

  async connect(): Promise<void> {
    this.emit('status', { state: 'connecting' });
    const secure = this.opts.url.startsWith('smtps:');
    // Loaded when an e-mail sender connects, not at every start.
    const { default: nodemailer } = await import('nodemailer');
    this.mailer = nodemailer.createTransport({
      url: this.opts.url, pool: true, maxConnections: this.opts.poolSize,
      requireTLS: this.opts.requireTls && !secure,
      tls: { minVersion: 'TLSv1.2', rejectUnauthorized: !this.opts.trustSelfSigned },
    } as Parameters<typeof nodemailer.createTransport>[0]);
    try {
      await this.mailer.verify();
      this.emit('status', { state: 'open' });
    } catch (e) {
      this.emit('status', { state: 'closed', reason: `SMTP: ${(e as Error).message}`, retryInMs: 30_000 });
    }
  }

  async close(): Promise<void> {
    this.mailer?.close();
    this.mailer = undefined;
    this.emit('status', { state: 'closed', reason: 'closed by this process' });
  }

  async send(to: string, content: OutgoingContent, opts: SendOptions = {}): Promise<SendResult> {
    if (!this.mailer) throw new TemporaryFailureError(`SMTP session ${this.sessionId} is not connected`);
    if (content.kind !== 'text') throw new PermanentFailureError('e-mail campaigns carry text (and HTML) only');
    const messageId = opts.messageId ?? newMessageId();
    const mail = composeEmail(this.ctx, { from: this.opts.from, to, messageId, subject: opts.email?.subject ?? '', text: content.text,
      html: opts.email?.html, accountId: opts.email?.accountId });
    try {
      await this.mailer.sendMail(mail);
    } catch (e) {
      throw smtpRefusal(e);
    }
    const at = new Date();
    this.emit('receipt', { sessionId: this.sessionId, messageId, status: 'server-ack', at });
    return { messageId, at };
  }
}

/** An SMTP error as the dispatcher understands it (see the header comment). */
export function smtpRefusal(e: unknown): Error {
  const err = e as { responseCode?: number; response?: string; command?: string; message?: string };
  const text = (err.response ?? err.message ?? String(e)).slice(0, 300);
  if (typeof err.responseCode === 'number') {
    if (err.responseCode >= 500) return new PermanentFailureError(`SMTP ${text}`);
    if (err.responseCode >= 400) return new TemporaryFailureError(`SMTP ${text}`, 60_000);
  }
  if (err.command && BEFORE_DATA.has(err.command.toUpperCase())) return new TemporaryFailureError(`SMTP ${text}`, 30_000);
  return new Error(`SMTP: the connection ended with the message possibly handed over (${text})`);
}
