// A stand-in for Baileys' socket, built on Baileys' own event buffer so events reach the
// channel exactly as the real socket delivers them, carrying real proto objects.
import { EventEmitter } from 'node:events';
import { makeEventBuffer, proto, type UserFacingSocketConfig, type WAMessage } from '@whiskeysockets/baileys';
import type { Scheduler } from '../../../src/gateway/reconnect-policy.js';
import type { SocketFactory, SocketLike } from '../../../src/gateway/whatsapp-channel.js';
import { silentLog } from '../../helpers/pg.js';

/** Shaped like Baileys' @hapi/boom errors: the code sits in output.statusCode. */
export function boom(message: string, statusCode: number, data?: unknown): Error {
  return Object.assign(new Error(message), { isBoom: true, output: { statusCode }, data });
}

export class FakeSocket implements SocketLike {
  readonly ev: ReturnType<typeof makeEventBuffer> & SocketLike['ev'];
  ended = false;
  subscribers = 0;
  user: { id: string; lid?: string } | undefined;
  sent: Array<{ jid: string; content: any; messageId?: string }> = [];
  /** Presence updates and sends in the order they happened, with the time (ms) of each. */
  timeline: Array<{ what: string; jid: string; at: number }> = [];
  sendError: Error | undefined;
  lidToPn = new Map<string, string>();
  /** Like Baileys' WebSocket client: emits 'frame' for every frame received. */
  readonly ws = new EventEmitter();
  constructor(readonly config: UserFacingSocketConfig) {
    const ev = makeEventBuffer(silentLog as any);
    const process = ev.process.bind(ev);
    // Count live subscriptions: a leak shows as more than one per socket.
    ev.process = (handler) => {
      this.subscribers++;
      const off = process(handler);
      return () => { this.subscribers--; off(); };
    };
    this.ev = ev;
  }
  signalRepository = { lidMapping: { getPNForLID: async (lid: string) => this.lidToPn.get(lid) ?? null } };
  // Like Baileys: ending emits one last close event.
  end(error: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
  }
  async logout(): Promise<void> { this.end(boom('Intentional Logout', 401)); }
  pairingRequests: string[] = [];
  /** Like Baileys: eight characters for the phone to type, asked with digits only. */
  async requestPairingCode(phoneNumber: string): Promise<string> {
    this.pairingRequests.push(phoneNumber);
    return 'K7PQ2MXA';
  }
  async sendMessage(jid: string, content: any, options?: { messageId?: string }): Promise<WAMessage> {
    if (this.sendError) throw this.sendError;
    this.sent.push({ jid, content, messageId: options?.messageId });
    this.timeline.push({ what: 'send', jid, at: performance.now() });
    return proto.WebMessageInfo.fromObject({
      key: { remoteJid: jid, fromMe: true, id: options?.messageId ?? 'GENERATED' },
      message: content.text ? { extendedTextMessage: { text: content.text } } : { conversation: '(media)' },
      messageTimestamp: 1_700_000_000,
    }) as WAMessage;
  }
  async sendPresenceUpdate(type: string, jid?: string): Promise<void> {
    this.timeline.push({ what: type, jid: jid ?? '', at: performance.now() });
  }
  async onWhatsApp(...jids: string[]) {
    // Like WhatsApp: numbers without an account are simply left out.
    return jids.filter((j) => !j.startsWith('000')).map((j) => ({ jid: `${j}@s.whatsapp.net`, exists: true }));
  }
  async updateMediaMessage(m: WAMessage) { return m; }
  rejectedCalls: Array<{ id: string; from: string }> = [];
  async rejectCall(id: string, from: string): Promise<void> { this.rejectedCalls.push({ id, from }); }
  /** A call offer as Baileys emits it (WACallEvent). */
  callOffer(id: string, from: string, callerPn?: string): void {
    this.ev.emit('call', [{ chatId: from, from, callerPn, id, date: new Date(), status: 'offer', offline: false, isVideo: false, isGroup: false }]);
  }

  /** What WhatsApp's reach-out timelock query answers (the xwa2_fetch_account_reachout_timelock shape). */
  timelock: { is_active: boolean; time_enforcement_ends?: string; enforcement_type?: string } = { is_active: false, time_enforcement_ends: '0' };
  timelockFetches = 0;
  // Like Baileys' fetchAccountReachoutTimelock: the result is also emitted as a connection.update.
  async fetchAccountReachoutTimelock() {
    this.timelockFetches++;
    const q = this.timelock;
    const result = {
      isActive: !!q.is_active,
      timeEnforcementEnds: q.time_enforcement_ends && q.time_enforcement_ends !== '0' ? new Date(parseInt(q.time_enforcement_ends, 10) * 1000) : undefined,
      enforcementType: (q.enforcement_type ?? 'DEFAULT') as any,
    };
    this.ev.emit('connection.update', { reachoutTimeLock: result });
    return result;
  }
  /** WhatsApp's NotificationUserReachoutTimelockUpdate, turned into events as Baileys' handler does. */
  reachoutNotification(payload: { is_active: boolean; time_enforcement_ends?: string; enforcement_type?: string }): void {
    if (!payload.is_active) {
      this.ev.emit('connection.update', { reachoutTimeLock: { isActive: false, enforcementType: 'DEFAULT' as any } });
      return;
    }
    const ends = payload.time_enforcement_ends ? new Date(parseInt(payload.time_enforcement_ends, 10) * 1000) : new Date(Date.now() + 60000);
    this.ev.emit('connection.update', { reachoutTimeLock: { isActive: true, timeEnforcementEnds: ends, enforcementType: (payload.enforcement_type ?? 'DEFAULT') as any } });
  }
  /** WhatsApp's server ack of a sent message (one tick), as Baileys emits it. */
  serverAck(id: string, jid: string): void {
    this.ev.emit('messages.update', [{ key: { remoteJid: jid, fromMe: true, id }, update: { status: proto.WebMessageInfo.Status.SERVER_ACK } }]);
  }
  /** A server nack for a sent message, as Baileys' handleBadAck reports it (463: reach-out locked). */
  nack(id: string, jid: string, error = '463'): void {
    this.ev.emit('messages.update', [{
      key: { remoteJid: jid, fromMe: true, id },
      update: { status: proto.WebMessageInfo.Status.ERROR, messageStubParameters: error === '463' ? [error, 'Your account has been restricted'] : [error] },
    }]);
  }

  open(phone = '923009999999'): void {
    this.user = { id: `${phone}:7@s.whatsapp.net`, lid: '555000111:7@lid' };
    this.ev.emit('connection.update', { connection: 'open' });
  }
  drop(statusCode: number | undefined, message = 'Connection Terminated'): void {
    this.end(statusCode === undefined ? new Error(message) : boom(message, statusCode));
  }
  upsert(messages: object[], type: 'notify' | 'append' = 'notify'): void {
    // Baileys adds remoteJidAlt/participantAlt to the decoded key; they are not proto fields.
    const decoded = messages.map((m: any) => {
      const wm = proto.WebMessageInfo.fromObject(m) as WAMessage;
      Object.assign(wm.key, { remoteJidAlt: m.key?.remoteJidAlt, participantAlt: m.key?.participantAlt });
      return wm;
    });
    this.ev.emit('messages.upsert', { type, messages: decoded });
  }
}

export class FakeSocketFactory {
  sockets: FakeSocket[] = [];
  readonly make: SocketFactory = (config) => {
    const s = new FakeSocket(config);
    this.sockets.push(s);
    return s;
  };
  get last(): FakeSocket { return this.sockets[this.sockets.length - 1]!; }
  get live(): number { return this.sockets.filter((s) => !s.ended).length; }
  get subscribers(): number { return this.sockets.reduce((n, s) => n + s.subscribers, 0); }
}

/** Timers moved by hand: reconnect delays are read, not slept through. */
export class ManualScheduler implements Scheduler {
  time = 0;
  pending: Array<{ fn: () => void; ms: number; at: number }> = [];
  setTimeout(fn: () => void, ms: number) {
    const entry = { fn, ms, at: this.time + ms };
    this.pending.push(entry);
    return { cancel: () => { this.pending = this.pending.filter((p) => p !== entry); } };
  }
  now(): number { return this.time; }
  runNext(): number {
    const next = this.pending.shift();
    if (!next) throw new Error('no timer pending');
    this.time = Math.max(this.time, next.at);
    next.fn();
    return next.ms;
  }
}
