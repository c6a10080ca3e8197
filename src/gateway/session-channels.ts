// The life cycle of the channels this process drives: build one for a session, wire its
// events, connect it (asking for a pairing code when the link is by phone number), and
// close it with its listeners removed, so a closed socket's last events reach no one.
import type { Ctx } from '../context.js';
import { recordPairingCode } from '../senders/record-channel-status.js';
import type { SessionRow, SessionTransport } from '../senders/session-row.js';
import type { Channel, ChannelStatus, IncomingCall, InboundMessage, Receipt, ReachoutState } from './channel.js';
import type { ChannelFactory } from './default-channel-factory.js';
import type { QrCache } from './qr-cache.js';
import type { StatusWrites } from './status-writes.js';

export interface Driven {
  row: SessionRow;
  transport: SessionTransport;
  /** The link generation this process is driving (see src/senders/link-requests.ts). */
  generation: number;
  channel?: Channel;
  lastState?: ChannelStatus['state'];
}

export interface ChannelEventSink {
  inbound(m: InboundMessage): void;
  receipt(r: Receipt): void;
  reachout(r: ReachoutState): void;
  call(c: IncomingCall): void;
  status(sessionId: number, status: ChannelStatus): void;
  qr(sessionId: number, qr: string): Promise<void>;
}

export class SessionChannels {
  constructor(
    private readonly ctx: Ctx,
    private readonly ownerId: string,
    private readonly factory: ChannelFactory,
    private readonly writes: StatusWrites,
    private readonly qrs: QrCache,
    private readonly sink: ChannelEventSink,
  ) {}

  async connect(d: Driven): Promise<void> {
    const id = d.row.id;
    const generation = d.generation;
    try {
      const channel = await this.factory(d.row, d.transport);
      d.channel = channel;
      channel.on('status', (s) => this.onStatus(d, generation, s));
      channel.on('inbound', (m) => this.sink.inbound(m));
      channel.on('receipt', (r) => this.sink.receipt(r));
      channel.on('reachout', (r) => this.sink.reachout(r));
      channel.on('call', (c) => this.sink.call(c));
      channel.on('qr', (qr) => this.writes.track(this.sink.qr(id, qr)));
      await channel.connect();
      await this.writes.flushed(id);
      const phone = d.row.pairing_phone;
      if (phone && channel.requestPairingCode) this.writes.track(this.askPairingCode(d, channel, phone, generation));
    } catch (e) {
      this.ctx.log.error({ err: e, sessionId: id }, 'could not start sender session');
      this.onStatus(d, generation, { state: 'closed', reason: `could not start: ${(e as Error).message}` });
    }
  }

  /** Ends the channel and waits for its last status writes; the session stays driven. */
  async close(d: Driven): Promise<void> {
    const ch = d.channel;
    d.channel = undefined;
    this.qrs.delete(d.row.id);
    if (!ch) return;
    try {
      await ch.close();
    } catch (e) {
      this.ctx.log.warn({ err: e, sessionId: d.row.id }, 'closing a sender session failed');
    }
    ch.removeAllListeners();
    await this.writes.flushed(d.row.id);
  }

  private onStatus(d: Driven, generation: number, status: ChannelStatus): void {
    const id = d.row.id;
    if (generation !== d.generation) return; // a socket of a link that was replaced
    d.lastState = status.state;
    if (status.state === 'open' || status.state === 'needs-relink' || status.state === 'logged-out') this.qrs.delete(id);
    this.writes.record(id, generation, status);
    this.ctx.log.info({ sessionId: id, ...status }, 'sender session status');
    this.sink.status(id, status);
  }

  private async askPairingCode(d: Driven, channel: Channel, phone: string, generation: number): Promise<void> {
    try {
      const code = await channel.requestPairingCode!(phone);
      if (generation !== d.generation || d.channel !== channel) return;
      this.writes.enqueue(d.row.id, () => recordPairingCode(this.ctx.db, { sessionId: d.row.id, ownerId: this.ownerId, generation, code }));
      this.ctx.log.info({ sessionId: d.row.id }, 'WhatsApp gave a pairing code');
    } catch (e) {
      this.ctx.log.warn({ err: e, sessionId: d.row.id }, 'WhatsApp gave no pairing code');
    }
  }
}
