// An SMPP 3.4 bind as a sender session of kind sms (issue 16), through the `smpp` package:
// bound as transceiver; submit_sm per part with a concatenation UDH (8-bit reference) and
// GSM 03.38 or UCS-2 (data_coding 8) as the text needs; registered delivery, receipts by
// deliver_sm (mapped back to our pre-assigned id through provider_message_ids); other
// deliver_sm are inbound SMS (STOP goes to the suppression list like a WhatsApp reply);
// enquire_link keep-alive; reconnect with capped, jittered backoff; a throughput cap.
// A bind that is down refuses a send before anything left (safe to queue again); a bind lost
// while a submit waited for its answer leaves that send unknown: failed, never resent.
import { EventEmitter } from 'node:events';
import smpp, { type PDU, type Session } from 'smpp';
import type { Ctx } from '../../context.js';
import {
  PermanentFailureError, TemporaryFailureError, type Channel, type ChannelEvents, type OutgoingContent, type SendOptions, type SendResult,
} from '../../gateway/channel.js';
import { newMessageId } from '../../gateway/message-id.js';
import { splitSms } from '../sms-parts.js';

export interface SmppChannelOptions {
  sessionId: number; url: string; sourceAddr?: string; throughputPerSecond: number; enquireLinkMs: number;
  /** Longest wait for a submit_sm_resp. */
  submitTimeoutMs?: number;
  random?: () => number;
}

const ESME_RTHROTTLED = 0x58;
const ESME_RMSGQFUL = 0x14;
const ESME_RX_T_APPN = 0x64;

export class SmppChannel extends EventEmitter<ChannelEvents> implements Channel {
  readonly transport = 'smpp' as const;
  readonly kind = 'sms' as const;
  readonly sessionId: number;
  private session: Session | undefined;
  private bound = false;
  private closing = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private nextSlot = 0;
  private ref = Math.floor(Math.random() * 256);
  private readonly pending = new Set<(e: Error) => void>();

  constructor(private readonly ctx: Ctx, private readonly opts: SmppChannelOptions) {
    super();
    this.sessionId = opts.sessionId;
  }

  /** Bound and able to submit (a dropped bind is reconnecting). */
  get connected(): boolean { return this.bound; }

  async connect(): Promise<void> {
    this.closing = false;
    this.emit('status', { state: 'connecting' });
    await this.bind();
  }

  private bind(): Promise<void> {
    const url = new URL(this.opts.url);
    return new Promise((resolve) => {
      const session = smpp.connect({ url: this.opts.url, auto_enquire_link_period: this.opts.enquireLinkMs });
      this.session = session;
      let settled = false;
      const done = () => { if (!settled) { settled = true; resolve(); } };
      session.on('connect', () => {
        session.bind_transceiver({ system_id: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }, (pdu) => {
          if (pdu.command_status === 0) {
            this.bound = true;
            this.attempt = 0;
            this.emit('status', { state: 'open' });
          } else {
            this.ctx.log.warn({ sessionId: this.sessionId, status: pdu.command_status }, 'SMPP bind refused');
            session.close();
          }
          done();
        });
      });
      session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
      session.on('unbind', (pdu: PDU) => { session.send(pdu.response()); session.close(); });
      session.on('deliver_sm', (pdu: PDU) => { session.send(pdu.response()); void this.onDeliver(pdu); });
      session.on('error', (e: Error) => { this.ctx.log.warn({ err: e, sessionId: this.sessionId }, 'SMPP connection error'); });
      session.on('close', () => {
        if (this.session !== session) return;
        this.bound = false;
        this.session = undefined;
        for (const fail of [...this.pending]) fail(new Error('SMPP bind lost while waiting for the answer to a submit (the SMS may have gone)'));
        done();
        if (this.closing) return;
        const retryInMs = Math.min(60_000, 1000 * 2 ** Math.min(this.attempt++, 6)) * (0.75 + (this.opts.random ?? Math.random)() * 0.5);
        this.emit('status', { state: 'closed', reason: 'SMPP bind lost', retryInMs: Math.round(retryInMs) });
        this.reconnectTimer = setTimeout(() => { this.reconnectTimer = undefined; if (!this.closing) void this.bind(); }, retryInMs);
        this.reconnectTimer.unref();
      });
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const s = this.session;
    this.session = undefined;
    this.bound = false;
    if (s) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => { s.destroy(); resolve(); }, 1000);
        const ok = s.unbind({}, () => { clearTimeout(t); s.close(); resolve(); });
        if (!ok) { clearTimeout(t); s.destroy(); resolve(); }
      });
    }
    this.emit('status', { state: 'closed', reason: 'closed by this process' });
  }

  /** Waits for this bind's next submit slot (the throughput cap). */
  private async slot(): Promise<void> {
    const gap = 1000 / this.opts.throughputPerSecond;
    const now = Date.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + gap;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }

  async send(toPhone: string, content: OutgoingContent, opts: SendOptions = {}): Promise<SendResult> {
    if (content.kind !== 'text') throw new PermanentFailureError('SMS carries text only');
    const messageId = opts.messageId ?? newMessageId();
    const { parts, encoding } = splitSms(content.text);
    const ref = (this.ref = (this.ref + 1) % 256);
    for (let i = 0; i < parts.length; i++) {
      await this.slot();
      if (!this.bound || !this.session) {
        // Nothing of this message left yet: safe to send later. Part of it left: unknown.
        if (i === 0) throw new TemporaryFailureError('SMPP bind is down', 5_000);
        throw new Error(`SMPP bind lost after ${i} of ${parts.length} parts`);
      }
      const fields: Record<string, unknown> = {
        source_addr: this.opts.sourceAddr ?? '', source_addr_ton: this.opts.sourceAddr && /\D/.test(this.opts.sourceAddr) ? 5 : 1, source_addr_npi: 1,
        destination_addr: toPhone.replace(/^\+/, ''), dest_addr_ton: 1, dest_addr_npi: 1,
        registered_delivery: 1, data_coding: encoding === 'ucs2' ? 8 : 0,
        short_message: parts.length > 1
          ? { udh: Buffer.from([0x05, 0x00, 0x03, ref, parts.length, i + 1]), message: parts[i] }
          : parts[i],
      };
      if (parts.length > 1) fields.esm_class = 0x40;
      const resp = await this.submit(fields);
      if (resp.command_status !== 0) {
        const status = resp.command_status;
        const why = `SMPP submit_sm refused: status 0x${status.toString(16)}`;
        if (i === 0 && (status === ESME_RTHROTTLED || status === ESME_RMSGQFUL || status === ESME_RX_T_APPN)) throw new TemporaryFailureError(why, 5_000);
        if (i === 0) throw new PermanentFailureError(why);
        throw new Error(`${why} after ${i} of ${parts.length} parts`);
      }
      // Remembered before the next part, so a fast receipt finds its message.
      if (resp.message_id) await this.remember([String(resp.message_id)], messageId);
    }
    const at = new Date();
    this.emit('receipt', { sessionId: this.sessionId, messageId, status: 'server-ack', at });
    return { messageId, at };
  }

  private submit(fields: Record<string, unknown>): Promise<PDU> {
    return new Promise((resolve, reject) => {
      const fail = (e: Error) => { clearTimeout(timer); this.pending.delete(fail); reject(e); };
      const timer = setTimeout(() => fail(new Error('SMPP submit_sm not answered in time (the SMS may have gone)')), this.opts.submitTimeoutMs ?? 30_000);
      this.pending.add(fail);
      const ok = this.session!.submit_sm(fields, (pdu) => { clearTimeout(timer); this.pending.delete(fail); resolve(pdu); });
      if (!ok) { clearTimeout(timer); this.pending.delete(fail); reject(new TemporaryFailureError('SMPP bind is not writable', 5_000)); }
    });
  }

  private async remember(providerIds: string[], messageId: string): Promise<void> {
    if (!providerIds.length) return;
    try {
      await this.ctx.db.exec(
        `INSERT INTO provider_message_ids (session_id, provider_id, message_id) SELECT $1, p, $3 FROM unnest($2::text[]) p ON CONFLICT DO NOTHING`,
        [this.sessionId, providerIds, messageId]);
    } catch (e) {
      this.ctx.log.warn({ err: e, sessionId: this.sessionId }, 'could not remember SMPP message ids; their receipts will be ignored');
    }
  }

  private async onDeliver(pdu: PDU): Promise<void> {
    const esm = Number(pdu.esm_class ?? 0);
    const text = pdu.short_message && typeof pdu.short_message === 'object' && 'message' in (pdu.short_message as object)
      ? String((pdu.short_message as { message: unknown }).message) : String(pdu.short_message ?? pdu.message_payload ?? '');
    if (esm & 0x04) {
      const providerId = String(pdu.receipted_message_id ?? /id:(\S+)/i.exec(text)?.[1] ?? '');
      const stat = /stat:(\w+)/i.exec(text)?.[1]?.toUpperCase() ?? (pdu.message_state === 2 ? 'DELIVRD' : '');
      let row: { message_id: string } | undefined;
      // A receipt can overtake the write of its id by a few milliseconds.
      for (let i = 0; i < 5 && !row; i++) {
        if (i) await new Promise((r) => setTimeout(r, 100 * i));
        row = await this.ctx.db.one<{ message_id: string }>(
          'SELECT message_id FROM provider_message_ids WHERE session_id = $1 AND provider_id = $2', [this.sessionId, providerId]).catch(() => undefined);
      }
      if (!row) return;
      const status = stat === 'DELIVRD' ? 'delivered' : stat === 'ACCEPTD' || stat === 'ENROUTE' || stat === '' ? undefined : 'failed';
      if (status) this.emit('receipt', { sessionId: this.sessionId, messageId: row.message_id, status, reason: status === 'failed' ? `SMS ${stat}` : undefined, at: new Date() });
      return;
    }
    const from = String(pdu.source_addr ?? '');
    this.emit('inbound', { sessionId: this.sessionId, id: newMessageId(), fromPhone: from ? `+${from.replace(/^\+/, '')}` : undefined, text, timestamp: new Date() });
  }
}
