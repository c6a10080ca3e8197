// A configurable HTTP SMS provider as a sender session of kind sms (issue 16), for
// NetGSM/Mutlucell-style APIs: URL and body templates with {{to}} {{text}} {{from}} {{id}}
// (escaped for the body's content type), success = "STATUS BODY" matches SMS_HTTP_SUCCESS,
// the provider's id from SMS_HTTP_MESSAGE_ID's first group (kept for the status callback,
// see src/channels/sms/status-callback.ts). 429/5xx before an answer body = try later; no
// answer at all (the request may have arrived) = unknown: failed, never resent.
import { EventEmitter } from 'node:events';
import type { Ctx } from '../../context.js';
import {
  PermanentFailureError, TemporaryFailureError, type Channel, type ChannelEvents, type OutgoingContent, type SendOptions, type SendResult,
} from '../../gateway/channel.js';
import { newMessageId } from '../../gateway/message-id.js';

export interface HttpSmsOptions {
  sessionId: number; url: string; method: string; body: string; contentType: string; headers: Record<string, string>;
  success: string; messageId: string | undefined; from?: string; timeoutMs?: number;
}

function escapeFor(contentType: string, v: string): string {
  if (contentType.includes('json')) return JSON.stringify(v).slice(1, -1);
  if (contentType.includes('xml')) return v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return encodeURIComponent(v);
}

export function fillTemplate(template: string, values: Record<string, string>, escape: (v: string) => string): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) => escape(values[k] ?? ''));
}

export class HttpSmsChannel extends EventEmitter<ChannelEvents> implements Channel {
  readonly transport = 'sms_http' as const;
  readonly kind = 'sms' as const;
  readonly sessionId: number;

  constructor(private readonly ctx: Ctx, private readonly opts: HttpSmsOptions) {
    super();
    this.sessionId = opts.sessionId;
  }

  async connect(): Promise<void> { this.emit('status', { state: 'open' }); }
  async close(): Promise<void> { this.emit('status', { state: 'closed', reason: 'closed by this process' }); }

  async send(toPhone: string, content: OutgoingContent, opts: SendOptions = {}): Promise<SendResult> {
    if (content.kind !== 'text') throw new PermanentFailureError('SMS carries text only');
    const messageId = opts.messageId ?? newMessageId();
    const values = { to: toPhone, to_digits: toPhone.replace(/^\+/, ''), text: content.text, from: this.opts.from ?? '', id: messageId };
    const url = fillTemplate(this.opts.url, values, encodeURIComponent);
    const body = this.opts.method === 'GET' ? undefined : fillTemplate(this.opts.body, values, (v) => escapeFor(this.opts.contentType, v));
    let res: Response;
    try {
      res = await fetch(url, {
        method: this.opts.method, body, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
        headers: { ...(body !== undefined ? { 'content-type': this.opts.contentType } : {}), ...this.opts.headers },
      });
    } catch (e) {
      const code = (e as { cause?: { code?: string } }).cause?.code;
      // Refused before any byte left: safe to try later.
      if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw new TemporaryFailureError(`SMS provider unreachable (${code})`, 30_000);
      throw new Error(`SMS provider did not answer (${(e as Error).message}); the SMS may have gone`);
    }
    const text = (await res.text()).slice(0, 2000);
    const answer = `${res.status} ${text}`;
    if (!new RegExp(this.opts.success, 's').test(answer)) {
      if (res.status === 429 || res.status === 503) throw new TemporaryFailureError(`SMS provider: ${answer.slice(0, 200)}`, 30_000);
      throw new PermanentFailureError(`SMS provider refused: ${answer.slice(0, 200)}`);
    }
    const providerId = this.opts.messageId ? new RegExp(this.opts.messageId, 's').exec(text)?.[1] : undefined;
    if (providerId) {
      await this.ctx.db.exec(`INSERT INTO provider_message_ids (session_id, provider_id, message_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [this.sessionId, providerId, messageId]).catch((e) => this.ctx.log.warn({ err: e }, 'could not remember an SMS provider id'));
    }
    const at = new Date();
    this.emit('receipt', { sessionId: this.sessionId, messageId, status: 'server-ack', at });
    return { messageId, at };
  }
}
