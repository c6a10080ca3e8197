// A sender session as a row: one WhatsApp number (or sandbox sender) each.
import type { SenderStatus } from './state.js';

/** How a session sends: a WhatsApp socket, the sandbox (of its channel kind), an SMPP bind, an HTTP SMS provider, an SMTP account. */
export type SessionTransport = 'whatsapp' | 'sandbox' | 'smpp' | 'sms_http' | 'smtp';
/** What a session sends (issue 16): a campaign's rows of a channel are claimed only by sessions of that kind. */
export type ChannelKind = 'whatsapp' | 'sms' | 'email';
export const CHANNEL_KINDS: readonly ChannelKind[] = ['whatsapp', 'sms', 'email'];
/** The transports each channel kind may use. */
export const CHANNEL_TRANSPORTS: Readonly<Record<ChannelKind, readonly SessionTransport[]>> = {
  whatsapp: ['whatsapp', 'sandbox'], sms: ['smpp', 'sms_http', 'sandbox'], email: ['smtp', 'sandbox'],
};
export type SessionPurpose = 'commands' | 'campaigns' | 'both';
export const TRANSPORTS: readonly SessionTransport[] = ['whatsapp', 'sandbox', 'smpp', 'sms_http', 'smtp'];
export const PURPOSES: readonly SessionPurpose[] = ['commands', 'campaigns', 'both'];

export interface SessionRow {
  id: number;
  account_id: number | null;
  label: string | null;
  phone: string | null;
  lid: string | null;
  purpose: SessionPurpose;
  transport: SessionTransport;
  channel: ChannelKind;
  status: SenderStatus;
  status_reason: string | null;
  paused_reason: string | null;
  consecutive_errors: number;
  owner_id: string | null;
  lease_until: Date | null;
  linked_at: Date | null;
  last_seen_at: Date | null;
  created_at: Date;
  /** Moves on every link request (relink, unlink, pairing code); see record-channel-status.ts. */
  link_generation: number;
  /** Set by `link sender +E164`: the socket asks WhatsApp for a pairing code for this number. */
  pairing_phone: string | null;
}

export interface SessionListRow extends SessionRow {
  /** One line a person reads: "ok", "paused: …", "3 send errors", "not linked" … */
  health: string;
  lease_live: boolean;
}
