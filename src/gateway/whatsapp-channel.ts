// The `whatsapp` channel: one Baileys 7 socket per session, never more than one alive.
// Socket events become our Channel events; closes go through the reconnect policy.
import { EventEmitter } from 'node:events';
import {
  Browsers, makeWASocket, type BaileysEventMap, type UserFacingSocketConfig, type WAMessage, type WAVersion,
} from '@whiskeysockets/baileys';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { PgAuthState } from './auth-store.js';
import { inboundContent, lidFromJid, mediaHandle, phoneFromJid, receiptStatus, resolveSender, timestampOf } from './baileys-inbound.js';
import { RateLimitedError, REACH_OUT_LOCKED, type Channel, type ChannelEvents, type OutgoingContent, type ReceiptStatus, type SendOptions, type SendResult } from './channel.js';
import { recordInbound } from './inbound-journal.js';
import { resolveLid } from './lid-mappings.js';
import { decideReconnect, DEFAULT_BACKOFF, realScheduler, type BackoffOptions, type Scheduler } from './reconnect-policy.js';
import { loadSentMessage, storeSentMessage } from './sent-messages.js';
import { DEFAULT_TYPING, typingMs, type TypingSettings } from '../senders/human-pacing.js';

/** The slice of a Baileys socket this channel uses; tests hand in a fake with the same shape. */
export interface SocketLike {
  ev: { process(handler: (events: Partial<BaileysEventMap>) => void | Promise<void>): () => void };
  user?: { id: string; lid?: string } | undefined;
  end(error: Error | undefined): Promise<void> | void;
  logout(msg?: string): Promise<void>;
  requestPairingCode(phoneNumber: string, customPairingCode?: string): Promise<string>;
  sendMessage(jid: string, content: any, options?: { messageId?: string }): Promise<WAMessage | undefined>;
  sendPresenceUpdate?(type: 'composing' | 'paused' | 'available' | 'unavailable' | 'recording', toJid?: string): Promise<void>;
  onWhatsApp(...jids: string[]): Promise<Array<{ jid: string; exists: boolean }> | undefined>;
  updateMediaMessage(msg: WAMessage): Promise<WAMessage>;
  signalRepository: { lidMapping: { getPNForLID(lid: string): Promise<string | null> } };
  /** Declines a call (Baileys' rejectCall). */
  rejectCall?(callId: string, callFrom: string): Promise<void>;
  /** Asks WhatsApp for the reach-out timelock; Baileys answers with a connection.update too. */
  fetchAccountReachoutTimelock?(): Promise<{ isActive?: boolean; timeEnforcementEnds?: Date; enforcementType?: string }>;
  /** Baileys' WebSocket client: it emits 'frame' for every frame it receives (the silence watch counts them). */
  ws?: { on(event: 'frame', listener: () => void): unknown; off(event: 'frame', listener: () => void): unknown };
}

export type SocketFactory = (config: UserFacingSocketConfig) => SocketLike;

export interface WhatsAppChannelOptions {
  sessionId: number;
  db: Db;
  log: Logger;
  auth: PgAuthState;
  version: () => Promise<WAVersion>;
  makeSocket?: SocketFactory;
  scheduler?: Scheduler;
  backoff?: BackoffOptions;
  random?: () => number;
  /** How long "typing…" shows before a campaign send (src/senders/human-pacing.ts); tests shorten it. */
  typing?: TypingSettings;
  /**
   * An open socket that receives nothing (no frame, no event) this long is ended and connected
   * again with backoff (0 = never; SENDER_SILENT_MINUTES). Baileys' own keep-alive ends a socket
   * whose pings go unanswered, but not one whose server answers pings while delivering nothing.
   */
  silentMs?: number;
  /** Waits between tries of an inbound message's journal write (tests shorten them). */
  journalRetryMs?: number[];
  /** Extra Baileys options (tests point waWebSocketUrl at a local server). */
  socketConfig?: Partial<UserFacingSocketConfig>;
}

export class WhatsAppChannel extends EventEmitter<ChannelEvents> implements Channel {
  readonly transport = 'whatsapp' as const;
  readonly sessionId: number;
  private sock: SocketLike | undefined;
  private unsubscribe: (() => void) | undefined;
  private isOpen = false;
  /** When the first send not yet answered by WhatsApp's server went (epoch ms). */
  private unacked: number | undefined;
  private stopped = true;
  private attempt = 0;
  private openedAt: number | undefined;
  private retry: { cancel(): void } | undefined;
  private readonly scheduler: Scheduler;
  private readonly backoff: BackoffOptions;
  private readonly baileysLog: Logger;
  /** Kept across reconnects of this sender: an upload stays valid on WhatsApp's servers for days. */
  private readonly mediaCache = new UploadCache();
  /** Waiting for the current socket to offer a link (its first QR): then a pairing code may be asked. */
  private linkOffered: SocketLike | undefined;
  private readonly linkWaiters = new Set<() => void>();
  /** When the current socket last received anything (scheduler ms), and the watch on it. */
  private lastHeard = 0;
  private silenceWatch: { cancel(): void } | undefined;
  private offFrame: (() => void) | undefined;

  constructor(private readonly opts: WhatsAppChannelOptions) {
    super();
    this.sessionId = opts.sessionId;
    this.scheduler = opts.scheduler ?? realScheduler;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    // Baileys is chatty at info; keep its lines at warn and above unless we log less anyway.
    const level = opts.log.levelVal > opts.log.levels.values.warn ? opts.log.level : 'warn';
    this.baileysLog = opts.log.child({ sessionId: opts.sessionId, module: 'baileys' }, { level });
  }

  /** How many sockets this channel holds (0 or 1); the reconnect tests watch it. */
  get liveSockets(): number { return this.sock ? 1 : 0; }

  async connect(): Promise<void> {
    this.stopped = false;
    await this.openSocket();
  }

  async close(): Promise<void> {
    const wasRunning = !this.stopped;
    this.stopped = true;
    this.retry?.cancel();
    this.retry = undefined;
    this.teardown();
    if (wasRunning) this.emit('status', { state: 'closed', reason: 'closed by this process' });
  }

  /** Unlinks this device from the phone's WhatsApp. */
  async logout(): Promise<void> {
    const sock = this.sock;
    this.stopped = true;
    this.retry?.cancel();
    await sock?.logout();
    this.teardown();
  }

  /**
   * A pairing code for `phone` from WhatsApp. Baileys takes the request once the socket has
   * reached the server and offers a link (the moment it emits its first QR).
   */
  async requestPairingCode(phone: string, waitMs = 30_000): Promise<string> {
    if (!/^\+[1-9]\d{6,14}$/.test(phone)) throw new RangeError(`not an E.164 number: "${phone}"`);
    if (!this.linkOffered || this.linkOffered !== this.sock) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => { this.linkWaiters.delete(done); reject(new Error('WhatsApp offered no link in time')); }, waitMs);
        timer.unref();
        const done = () => { clearTimeout(timer); resolve(); };
        this.linkWaiters.add(done);
      });
    }
    const sock = this.sock;
    if (!sock) throw new Error(`sender session ${this.sessionId} closed before WhatsApp gave a pairing code`);
    const code = await sock.requestPairingCode(phone.slice(1));
    return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
  }

  /** See Channel.unackedSince: a socket "open" while WhatsApp answers none of its sends. */
  unackedSince(): Date | undefined {
    return this.unacked === undefined ? undefined : new Date(this.unacked);
  }

  private async openSocket(): Promise<void> {
    this.teardown();
    this.unacked = undefined;
    this.retry = undefined;
    const version = await this.opts.version();
    if (this.stopped) return;
    this.emit('status', { state: 'connecting' });
    const sock = (this.opts.makeSocket ?? (makeWASocket as unknown as SocketFactory))({
      version,
      auth: this.opts.auth.state,
      logger: this.baileysLog as any,
      browser: Browsers.ubuntu('Chrome'),
      markOnlineOnConnect: false,
      syncFullHistory: false,
      shouldSyncHistoryMessage: () => false,
      getMessage: async (key) => (key.id ? loadSentMessage(this.opts.db, this.sessionId, key.id) : undefined),
      // Uploaded media by kind and file path: a campaign's file is uploaded once, then its
      // media fields (url, directPath, mediaKey, hashes) are reused for every recipient.
      mediaCache: this.mediaCache,
      ...this.opts.socketConfig,
    });
    this.sock = sock;
    this.lastHeard = this.scheduler.now();
    const heard = () => { this.lastHeard = this.scheduler.now(); };
    if (sock.ws) {
      sock.ws.on('frame', heard);
      this.offFrame = () => sock.ws?.off('frame', heard);
    }
    this.unsubscribe = sock.ev.process((events) => { heard(); return this.onEvents(sock, events); });
  }

  /** While open, looks every minute (or sooner) at how long the socket has heard nothing. */
  private watchSilence(sock: SocketLike): void {
    const limit = this.opts.silentMs ?? 0;
    if (limit <= 0) return;
    this.silenceWatch?.cancel();
    this.silenceWatch = this.scheduler.setTimeout(() => {
      this.silenceWatch = undefined;
      if (sock !== this.sock || !this.isOpen || this.stopped) return;
      const quietMs = this.scheduler.now() - this.lastHeard;
      if (quietMs < limit) { this.watchSilence(sock); return; }
      this.opts.log.warn({ sessionId: this.sessionId, quietMs }, 'WhatsApp socket open but silent: ending it and connecting again');
      // Our listeners go first (teardown), then the socket ends; the reconnect is the one any
      // lost connection gets (408, with backoff), so a socket that goes silent again and again
      // waits longer each time.
      this.onClose(Object.assign(new Error(`no frame received for ${Math.round(quietMs / 60_000)} min`), { output: { statusCode: SILENT_CODE } }))
        .catch((e) => this.opts.log.error({ err: e, sessionId: this.sessionId }, 'restarting a silent socket failed'));
    }, Math.min(limit, 60_000));
  }

  /** Ends the current socket after removing our listeners, so its last events reach no one. */
  private teardown(): void {
    const sock = this.sock;
    if (!sock) return;
    this.sock = undefined;
    this.isOpen = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.offFrame?.();
    this.offFrame = undefined;
    this.silenceWatch?.cancel();
    this.silenceWatch = undefined;
    try {
      void Promise.resolve(sock.end(undefined)).catch(() => undefined);
    } catch { /* already ended */ }
  }

  private async onEvents(sock: SocketLike, events: Partial<BaileysEventMap>): Promise<void> {
    if (sock !== this.sock) return; // a late event of a socket we already replaced
    try {
      if (events['creds.update']) await this.opts.auth.saveCreds();
      const conn = events['connection.update'];
      if (conn?.qr) {
        this.emit('qr', conn.qr);
        this.linkOffered = sock;
        for (const w of [...this.linkWaiters]) { this.linkWaiters.delete(w); w(); }
      }
      if (conn?.connection === 'open') this.onOpen(sock);
      if (conn?.reachoutTimeLock) this.onReachout(conn.reachoutTimeLock);
      if (events['messages.upsert']) await this.onUpsert(sock, events['messages.upsert']);
      if (events.call) await this.onCalls(sock, events.call);
      if (events['messages.update']) {
        for (const { key, update } of events['messages.update']) {
          if (!key.fromMe || !key.id) continue;
          const code = update.messageStubParameters?.[0] ?? undefined;
          // 463: WhatsApp refused a first contact because the number is reach-out locked.
          // Baileys does not fetch the lock for this code itself, so ask for it.
          if (code === NACK_REACH_OUT_LOCKED) this.fetchReachout(sock);
          this.receipt(key.id, receiptStatus(update.status), code === NACK_REACH_OUT_LOCKED ? REACH_OUT_LOCKED : code);
        }
      }
      if (events['message-receipt.update']) {
        for (const { key, receipt } of events['message-receipt.update']) {
          if (!key.fromMe || !key.id) continue;
          this.receipt(key.id, receipt.readTimestamp || receipt.playedTimestamp ? 'read' : receipt.receiptTimestamp ? 'delivered' : undefined);
        }
      }
      if (conn?.connection === 'close') await this.onClose(conn.lastDisconnect?.error);
    } catch (e) {
      this.opts.log.error({ err: e, sessionId: this.sessionId }, 'handling WhatsApp events failed');
    }
  }

  private onOpen(sock: SocketLike): void {
    this.isOpen = true;
    this.openedAt = this.scheduler.now();
    const me = sock.user;
    this.emit('status', { state: 'open', phone: phoneFromJid(me?.id), lid: lidFromJid(me?.lid) });
    this.watchSilence(sock);
    this.fetchReachout(sock); // the answer comes back as a connection.update
  }

  private fetchReachout(sock: SocketLike): void {
    if (!sock.fetchAccountReachoutTimelock) return;
    sock.fetchAccountReachoutTimelock().catch((e) => this.opts.log.warn({ err: e, sessionId: this.sessionId }, 'could not read the reach-out timelock'));
  }

  private onReachout(lock: { isActive?: boolean; timeEnforcementEnds?: Date; enforcementType?: string }): void {
    const locked = Boolean(lock.isActive);
    this.emit('reachout', {
      sessionId: this.sessionId, locked, until: locked ? lock.timeEnforcementEnds : undefined, enforcementType: lock.enforcementType,
    });
  }

  // What is acknowledged when, for an inbound message (Baileys 7.0.0-rc14, Socket/messages-recv.js
  // handleMessage): Baileys decrypts the message, sends WhatsApp its delivery receipt (type
  // 'inactive' while we are not "available", which is always: markOnlineOnConnect is off) or, for
  // a newsletter, the node ack, and only then emits messages.upsert. That transport-level receipt
  // cannot be delayed from here (no hook runs before it), so from then on WhatsApp will not send
  // the message again: our journal write must not be lost to a passing database error, hence the
  // retries below. Everything we control comes after the journal's commit: the 'inbound' event
  // (STOP, commands, replies, their answers); we send no read receipts (readMessages) at all —
  // one added later must go after recordInbound too.
  private async onUpsert(sock: SocketLike, upsert: BaileysEventMap['messages.upsert']): Promise<void> {
    // 'append' carries messages that arrived while we were away: they are commands too.
    if (upsert.type !== 'notify' && upsert.type !== 'append') return;
    for (const msg of upsert.messages) {
      const found = inboundContent(msg);
      if (!found) continue;
      const at = timestampOf(msg);
      const media = mediaHandle(msg, found.content, { log: this.baileysLog, reupload: (m) => sock.updateMediaMessage(m) });
      // Written to PostgreSQL (deduplicated by id) before anything acts on it: a crash from
      // here on leaves it unhandled in the journal, and the restart handles it.
      const inbound = await this.journal(msg.key.id!, async () => {
        // Baileys' own LID↔PN mapping first, then the pairs we learned (and learn from this one).
        const sender = await resolveLid(this.opts.db, await resolveSender(msg.key, (lid) => sock.signalRepository.lidMapping.getPNForLID(lid)), at);
        const m = { sessionId: this.sessionId, id: msg.key.id!, ...sender, replyJid: msg.key.remoteJid!, text: found.text, timestamp: at, media };
        return (await recordInbound(this.opts.db, m)) ? m : undefined;
      });
      if (inbound) this.emit('inbound', inbound);
    }
  }

  /** The journal write, tried again on a database error (WhatsApp will not resend what Baileys acked). */
  private async journal<T>(messageId: string, write: () => Promise<T>): Promise<T | undefined> {
    const delays = this.opts.journalRetryMs ?? JOURNAL_RETRY_MS;
    for (let i = 0; ; i++) {
      try {
        return await write();
      } catch (e) {
        if (i >= delays.length) {
          this.opts.log.error({ err: e, sessionId: this.sessionId, messageId }, 'an inbound message could not be written to the journal; it is lost');
          return undefined;
        }
        this.opts.log.warn({ err: e, sessionId: this.sessionId, messageId }, 'writing an inbound message failed; trying again');
        await new Promise((r) => setTimeout(r, delays[i]));
      }
    }
  }

  /** A call offer is rejected at once (nobody answers a campaign number) and reported. */
  private async onCalls(sock: SocketLike, calls: NonNullable<BaileysEventMap['call']>): Promise<void> {
    for (const c of calls) {
      if (c.status !== 'offer' || c.isGroup || !c.id || !c.from) continue;
      try {
        await sock.rejectCall?.(c.id, c.from);
      } catch (e) {
        this.opts.log.warn({ err: e, sessionId: this.sessionId }, 'could not reject a call');
      }
      const sender = await resolveLid(this.opts.db, await resolveSender({ remoteJid: c.from, remoteJidAlt: c.callerPn }, (lid) => sock.signalRepository.lidMapping.getPNForLID(lid)), new Date());
      this.emit('call', { sessionId: this.sessionId, callId: c.id, ...sender, fromJid: c.from, at: c.date instanceof Date ? c.date : new Date() });
    }
  }

  private receipt(messageId: string, status: ReceiptStatus | undefined, reason?: string): void {
    if (!status) return;
    this.unacked = undefined; // the server answered (an ack, a receipt, even a nack): it is alive
    this.emit('receipt', { sessionId: this.sessionId, messageId, status, reason: status === 'failed' ? reason : undefined, at: new Date() });
  }

  private async onClose(error: Error | undefined): Promise<void> {
    this.teardown();
    if (this.stopped) return;
    const code = (error as BoomLike | undefined)?.output?.statusCode;
    if (this.openedAt !== undefined && this.scheduler.now() - this.openedAt >= this.backoff.stableMs) this.attempt = 0;
    this.openedAt = undefined;
    const decision = decideReconnect(code, this.attempt, this.backoff, this.opts.random);
    const linked = Boolean(this.opts.auth.state.creds.me);
    if (decision.action === 'relink') {
      this.stopped = true;
      await this.opts.auth.clear();
      this.emit('status', { state: 'needs-relink', reason: decision.reason });
    } else if (decision.action === 'stop') {
      this.stopped = true;
      this.emit('status', { state: 'replaced', reason: decision.reason });
    } else if (!linked && code !== 515) {
      // An unfinished link (QR expired, or no connection): wait for a person to try again.
      this.stopped = true;
      this.emit('status', { state: 'closed', code, reason: `linking did not complete (${error?.message ?? code ?? 'closed'}); start the link again` });
    } else {
      if (decision.delayMs > 0) this.attempt++;
      this.emit('status', { state: 'closed', code, reason: error?.message ?? 'connection closed', retryInMs: decision.delayMs });
      this.retry = this.scheduler.setTimeout(() => {
        this.openSocket().catch((e) => this.opts.log.error({ err: e, sessionId: this.sessionId }, 'reconnecting failed'));
      }, decision.delayMs);
    }
  }

  async send(toPhone: string, content: OutgoingContent, opts: SendOptions = {}): Promise<SendResult> {
    let sock = this.sock;
    if (!sock || !this.isOpen) throw new Error(`sender session ${this.sessionId} is not connected to WhatsApp`);
    // An answer already sent before a crash is in the sent-message store under its id.
    if (opts.once && opts.messageId && await loadSentMessage(this.opts.db, this.sessionId, opts.messageId)) return { messageId: opts.messageId, at: new Date() };
    const jid = toJid(toPhone);
    if (opts.typing && sock.sendPresenceUpdate) {
      // "typing…" for about as long as a person would type this text, then the send.
      const text = content.kind === 'text' ? content.text : content.caption ?? '';
      await sock.sendPresenceUpdate('composing', jid).catch(() => undefined);
      await new Promise((r) => setTimeout(r, typingMs(text, this.opts.typing ?? DEFAULT_TYPING, this.opts.random)));
      await sock.sendPresenceUpdate('paused', jid).catch(() => undefined);
      sock = this.sock;
      if (!sock || !this.isOpen) throw new Error(`sender session ${this.sessionId} disconnected while typing`);
    }
    // Audio has no caption on WhatsApp: its text goes as a message of its own right after.
    const trailingText = content.kind === 'media' && content.media === 'audio' && content.caption ? content.caption : undefined;
    const payload = content.kind === 'text' ? { text: content.text }
      : content.kind === 'media' ? mediaPayload(content)
      : content.kind === 'image' ? { image: content.data, mimetype: content.mimetype, caption: content.caption }
      // A file on disk is streamed by Baileys from its path ({ url }), never read whole.
      : { document: content.path ? { url: content.path } : content.data!, mimetype: content.mimetype, fileName: content.fileName, caption: content.caption };
    let msg: WAMessage | undefined;
    try {
      msg = await sock.sendMessage(jid, payload, { messageId: opts.messageId });
    } catch (e) {
      if (isRateLimit(e)) throw new RateLimitedError(`WhatsApp says session ${this.sessionId} sends too fast: ${(e as Error).message}`);
      throw e;
    }
    if (!msg?.key?.id) throw new Error('WhatsApp returned no message for the send');
    await storeSentMessage(this.opts.db, this.sessionId, msg);
    this.unacked ??= Date.now(); // wall time, as receipts carry
    if (trailingText) {
      const caption = await sock.sendMessage(jid, { text: trailingText });
      if (caption?.key?.id) await storeSentMessage(this.opts.db, this.sessionId, caption);
    }
    return { messageId: msg.key.id, at: new Date() };
  }

  async checkNumbers(phones: string[]): Promise<Map<string, boolean>> {
    const sock = this.sock;
    if (!sock || !this.isOpen) throw new Error(`sender session ${this.sessionId} is not connected to WhatsApp`);
    // Baileys' onWhatsApp lists only registered numbers and leaves the rest out. An empty or
    // missing answer may be a failed query, so it says nothing: every number stays unknown.
    const found = await sock.onWhatsApp(...phones.map((p) => p.replace(/^\+/, '')));
    const registered = new Set((found ?? []).filter((r) => r.exists).map((r) => phoneFromJid(r.jid)).filter((p): p is string => !!p));
    if (!registered.size) return new Map();
    return new Map(phones.map((p) => [p, registered.has(p)]));
  }
}

/**
 * Baileys' content for a campaign's media: from its content-addressed path ({ url }), so the
 * socket's mediaCache (keyed by kind and path) reuses the first upload for every recipient.
 */
function mediaPayload(c: Extract<OutgoingContent, { kind: 'media' }>): any {
  const media = { url: c.path };
  if (c.media === 'document') return { document: media, mimetype: c.mimetype, fileName: c.fileName ?? 'file', caption: c.caption };
  if (c.media === 'audio') return { audio: media, mimetype: c.mimetype };
  return { [c.media]: media, mimetype: c.mimetype, caption: c.caption };
}

/**
 * Baileys' CacheStore for uploaded media. Entries expire after a day (WhatsApp keeps uploads
 * longer; a re-upload a day is nothing) and at most 200 files are kept per sender.
 */
export class UploadCache {
  private readonly entries = new Map<string, { value: unknown; until: number }>();
  constructor(private readonly ttlMs = 24 * 3600_000, private readonly max = 200) {}
  get<T>(key: string): T | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until < Date.now()) { this.entries.delete(key); return undefined; }
    return e.value as T;
  }
  set<T>(key: string, value: T): void {
    this.entries.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: Date.now() + this.ttlMs });
  }
  del(key: string): void { this.entries.delete(key); }
  flushAll(): void { this.entries.clear(); }
}

/** An E.164 number, or a person's JID as an inbound message gave it (PN or LID). */
function toJid(to: string): string {
  if (/^\+[1-9]\d{6,14}$/.test(to)) return `${to.slice(1)}@s.whatsapp.net`;
  if (/^\d{1,20}(?::\d+)?@(?:s\.whatsapp\.net|lid)$/.test(to)) return to;
  throw new RangeError(`not an E.164 number or a person's WhatsApp id: "${to}"`);
}

/** The error code of Baileys' nack for a send refused under the reach-out timelock. */
const NACK_REACH_OUT_LOCKED = '463';
/** An inbound message's journal write is tried again after these waits (about 30 s in all). */
const JOURNAL_RETRY_MS = [200, 1_000, 4_000, 10_000, 15_000];
/** A silent socket is ended as a lost connection (Baileys' DisconnectReason.connectionLost, 408): reconnect with backoff. */
const SILENT_CODE = 408;

/** Baileys' errors are @hapi/boom errors: the status code sits in output.statusCode. */
type BoomLike = Error & { output?: { statusCode?: number }; data?: unknown };

function isRateLimit(e: unknown): boolean {
  const b = e as BoomLike;
  return b?.data === 429 || b?.output?.statusCode === 429 || /rate-overlimit/i.test(String(b?.message));
}
