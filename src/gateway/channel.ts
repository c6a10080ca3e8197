// The one interface the rest of the code sees for a sender: a WhatsApp number (the real
// Baileys socket or the sandbox), an SMS provider bind (SMPP, HTTP, or the SMS sandbox) or an
// SMTP account (or the e-mail sandbox) implement it alike.
import type { EventEmitter } from 'node:events';

export type ChannelStatus =
  | { state: 'connecting' }
  | { state: 'open'; phone?: string; lid?: string }
  | { state: 'closed'; reason: string; code?: number; retryInMs?: number }
  | { state: 'logged-out'; reason: string }
  | { state: 'needs-relink'; reason: string }
  | { state: 'replaced'; reason: string };

export interface MediaHandle {
  kind: 'image' | 'document' | 'audio' | 'video' | 'sticker';
  mimetype?: string;
  fileName?: string;
  sizeBytes?: number;
  /** Downloads the media; refuses (rejects) past maxBytes. */
  download(maxBytes: number): Promise<Buffer>;
  /** The media as a stream, never held whole in memory; errors past maxBytes. */
  stream?(maxBytes: number): Promise<NodeJS.ReadableStream>;
}

export interface InboundMessage {
  sessionId: number;
  id: string;
  /** E.164 (+923001234567) when known. */
  fromPhone?: string;
  /** The sender's LID (e.g. 12345@lid) when WhatsApp gave one. */
  fromLid?: string;
  /** The chat's JID exactly as WhatsApp addressed it (a LID or a PN JID): answers go there. */
  replyJid?: string;
  text: string;
  media?: MediaHandle;
  timestamp: Date;
}

export type ReceiptStatus = 'server-ack' | 'delivered' | 'read' | 'failed';

export interface Receipt {
  sessionId: number;
  messageId: string;
  status: ReceiptStatus;
  reason?: string;
  at: Date;
}

export type OutgoingContent =
  | { kind: 'text'; text: string }
  | { kind: 'image'; data: Buffer; mimetype: string; caption?: string }
  /** A document from memory (`data`) or, for large files such as exports, from a file on disk (`path`). */
  | { kind: 'document'; data?: Buffer; path?: string; mimetype: string; fileName: string; caption?: string }
  /**
   * A campaign's media file (src/content/media.ts), always from its content-addressed path so
   * the WhatsApp channel uploads it once and reuses the upload (Baileys' mediaCache is keyed by path).
   */
  | { kind: 'media'; media: 'image' | 'video' | 'audio' | 'document'; path: string; sha256: string; mimetype: string; fileName?: string; caption?: string };

export interface SendOptions {
  messageId?: string;
  once?: boolean;
  /** Show "typing…" first for a time that fits the text (WhatsApp campaign sends; the sandbox ignores it). */
  typing?: boolean;
}

/** The rest of an e-mail whose text is the content (issue 16). The channel adds the unsubscribe link and headers for `accountId`. */
export interface EmailParts { subject: string; html?: string; accountId?: number }

export interface SendOptions {
  messageId?: string;
  /** E-mail channels: the subject and HTML; `toPhone` of send() is then the address. */
  email?: EmailParts;
}

export interface SendResult {
  messageId: string;
  at: Date;
}

/** WhatsApp's reach-out timelock: while locked, the number may not start new chats. */
export interface ReachoutState {
  sessionId: number;
  locked: boolean;
  /** When the lock ends (WhatsApp's word), when locked. */
  until?: Date;
  enforcementType?: string;
}

/** Receipt reason of a send WhatsApp refused because the sender is reach-out locked (nack 463). */
export const REACH_OUT_LOCKED = 'reach_out_locked';

/** A call to the sender number; the channel has already rejected it. */
export interface IncomingCall {
  sessionId: number;
  callId: string;
  fromPhone?: string;
  fromLid?: string;
  /** The caller's JID as WhatsApp gave it: the text goes there. */
  fromJid: string;
  at: Date;
}

export interface ChannelEvents {
  qr: [qr: string];
  call: [call: IncomingCall];
  status: [status: ChannelStatus];
  inbound: [message: InboundMessage];
  receipt: [receipt: Receipt];
  reachout: [state: ReachoutState];
}

export interface Channel extends EventEmitter<ChannelEvents> {
  readonly sessionId: number;
  readonly transport: 'whatsapp' | 'sandbox' | 'smpp' | 'sms_http' | 'smtp';
  /** What the channel sends; whatsapp when absent. */
  readonly kind?: 'whatsapp' | 'sms' | 'email';
  connect(): Promise<void>;
  close(): Promise<void>;
  /**
   * Sends to an E.164 number, or to a JID exactly as an inbound message gave it (…@lid,
   * …@s.whatsapp.net), with a caller-chosen message id (see DESIGN.md "Sending"). With `once`,
   * a message of that id this session already sent is not sent again (answers to an inbound
   * message handled again after a crash).
   */
  send(toPhone: string, content: OutgoingContent, opts?: SendOptions): Promise<SendResult>;
  /**
   * Asks WhatsApp for a code that links this (unlinked) socket when typed on the phone of
   * `phone` (E.164): Linked devices → Link a device → Link with phone number instead.
   */
  requestPairingCode?(phone: string): Promise<string>;
  /**
   * WhatsApp's verdict per number: true = registered, false = not registered. A number
   * missing from the map is unknown (no answer, or an empty one) and is sent normally.
   */
  checkNumbers?(phones: string[]): Promise<Map<string, boolean>>;
  /**
   * Since when this socket has sent without any answer from WhatsApp's server (no server ack,
   * receipt or nack since that send), or undefined when every send so far was answered.
   */
  unackedSince?(): Date | undefined;
}

/**
 * Thrown by send() when the provider refused the message before accepting it and a later
 * attempt may succeed (SMTP 4xx, SMPP throttling, a bind that is down): never sent, so it
 * is safe to queue again; the sender waits `retryAfterMs`.
 */
export class TemporaryFailureError extends Error {
  override name = 'TemporaryFailureError';
  constructor(message: string, readonly retryAfterMs = 30_000) { super(message); }
}

/** Thrown by send() when the provider refused the message for good (SMTP 5xx, SMPP error status). */
export class PermanentFailureError extends Error {
  override name = 'PermanentFailureError';
}

/** Thrown by send() when WhatsApp says we send too fast: the sender must pause. */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
}
