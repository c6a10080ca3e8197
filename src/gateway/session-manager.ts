// Drives the sender sessions this process owns. Ownership is a lease on the session row
// (src/gateway/session-leases.ts), so two processes on one database never drive the same
// number. A session's state is written through src/senders by any process; this one notices
// what concerns its sockets at each heartbeat (a removal, a link request) and acts on it.
import { EventEmitter } from 'node:events';
import { ConflictError } from '../accounts.js';
import type { Ctx } from '../context.js';
import { openDb, type Db } from '../db/database.js';
import { linkRequested } from '../senders/link-requests.js';
import type { SessionRow, SessionTransport } from '../senders/session-row.js';
import { applyLinkRequest } from './apply-link-request.js';
import type { Channel, ChannelStatus, IncomingCall, InboundMessage, Receipt, ReachoutState } from './channel.js';
import { defaultChannelFactory, type ChannelFactory } from './default-channel-factory.js';
import { QrCache, type QrCode } from './qr-cache.js';
import { SandboxChannel, type SandboxAttachment } from './sandbox-channel.js';
import { SessionChannels, type Driven } from './session-channels.js';
import { announceProcess, countShares, fairShare, forgetProcess, releaseLeases, renewLeases, takeFreeSessions, type LeaseOptions } from './session-leases.js';
import { StatusWrites } from './status-writes.js';

export type { ChannelFactory } from './default-channel-factory.js';
export type { QrCode } from './qr-cache.js';

export interface SessionManagerEvents {
  inbound: [message: InboundMessage];
  receipt: [receipt: Receipt];
  reachout: [state: ReachoutState];
  call: [call: IncomingCall];
  status: [event: { sessionId: number; status: ChannelStatus }];
  /** `qr` is the raw string (for a terminal), `dataUrl` the image (for the console). */
  qr: [event: { sessionId: number; qr: string } & QrCode];
}

export interface SessionManagerOptions {
  ownerId: string;
  transportOverride?: 'sandbox';
  /** Drive only these sessions (the CLI's `session link`). */
  onlySessionIds?: number[];
  /** How often leases are renewed and free sessions picked up; default LEASE_MS / 3. */
  heartbeatMs?: number;
  /** Builds a session's channel; tests pass fakes. Default: sandbox or Baileys. */
  channelFactory?: ChannelFactory;
  /** Connections of the pool of its own that leases and status writes use (default 2; 0 = share the main pool). */
  leasePoolMax?: number;
}

// Statuses a process connects at boot; the others wait for a person (link, relink).
const AUTO_CONNECT = new Set(['connecting', 'open', 'closed']);

export class SessionManager extends EventEmitter<SessionManagerEvents> {
  private readonly driven = new Map<number, Driven>();
  private readonly qrs: QrCache;
  private readonly writes: StatusWrites;
  private readonly channels: SessionChannels;
  private readonly lease: LeaseOptions;
  private heartbeat: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private renewing: Promise<void> | undefined;
  private readonly connects = new Set<Promise<void>>();
  private stopped = false;
  // Leases and session status writes go through a small pool of their own: on the main pool
  // they queued behind the dispatch records and receipts of a busy process (200 senders at
  // pacing 0: seconds, then the 30 s connect timeout), the heartbeat missed LEASE_MS, and
  // leases flapped between processes (bench/RESULTS.md, "Lease hand-over").
  private leaseDb: Db;
  private ownLeaseDb: Db | undefined;

  constructor(private readonly ctx: Ctx, private readonly opts: SessionManagerOptions) {
    super();
    if (!opts.ownerId) throw new RangeError('SessionManager needs an ownerId');
    this.lease = { ownerId: opts.ownerId, leaseMs: ctx.config.leaseMs };
    this.leaseDb = ctx.db;
    this.qrs = new QrCache(ctx.clock);
    this.writes = new StatusWrites(() => this.leaseDb, ctx.log, opts.ownerId);
    this.channels = new SessionChannels(ctx, opts.ownerId, opts.channelFactory ?? defaultChannelFactory(ctx), this.writes, this.qrs, {
      inbound: (m) => this.emit('inbound', m),
      receipt: (r) => this.emit('receipt', r),
      reachout: (r) => this.emit('reachout', r),
      call: (c) => this.emit('call', c),
      status: (sessionId, status) => this.emit('status', { sessionId, status }),
      qr: async (sessionId, qr) => { this.emit('qr', { sessionId, qr, ...(await this.qrs.add(sessionId, qr)) }); },
    });
  }

  get ownerId(): string { return this.opts.ownerId; }

  async start(): Promise<void> {
    this.stopped = false;
    const poolMax = this.opts.leasePoolMax ?? 2;
    if (poolMax > 0 && this.ctx.db.url && !this.ownLeaseDb) {
      this.ownLeaseDb = await openDb({ url: this.ctx.db.url, log: this.ctx.log, poolMax, applicationName: 'wa-chatops-leases' });
      this.leaseDb = this.ownLeaseDb;
    }
    await this.tick();
    const every = this.opts.heartbeatMs ?? Math.max(250, Math.floor(this.ctx.config.leaseMs / 3));
    let last = Date.now();
    this.heartbeat = setInterval(() => {
      // How late the timer fired: the event loop was busy for that long.
      const now = Date.now();
      this.timerLateMs = Math.max(0, now - last - every);
      last = now;
      // The renewal on its own: a heartbeat still busy taking sessions (or waiting on a
      // loaded database) does not hold it back.
      void this.renew();
      void this.beat();
    }, every);
    this.heartbeat.unref();
  }

  /** Ends every socket and gives the leases back so another process can take over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    await this.ticking;
    await this.renewing;
    await Promise.all([...this.connects]);
    const ids = [...this.driven.keys()];
    await Promise.all(ids.map((id) => this.dropSession(id)));
    await this.writes.settle();
    try {
      await releaseLeases(this.leaseDb, this.opts.ownerId, ids);
      await forgetProcess(this.leaseDb, this.opts.ownerId);
    } finally {
      const own = this.ownLeaseDb;
      this.ownLeaseDb = undefined;
      this.leaseDb = this.ctx.db;
      await own?.close();
    }
  }

  channel(sessionId: number): Channel | undefined {
    return this.driven.get(sessionId)?.channel;
  }

  ownedSessionIds(): number[] {
    return [...this.driven.keys()].sort((a, b) => a - b);
  }

  getQr(sessionId: number): QrCode | undefined {
    return this.qrs.get(sessionId);
  }

  /** Renews our leases, acts on link requests, lets go of sessions we lost, takes free or expired ones and connects them. */
  async tick(): Promise<void> {
    await this.beat();
    await Promise.all([...this.connects]);
  }

  /** The heartbeat: renewal, then sessions to give back or take; their connects run on after it. */
  private beat(): Promise<void> {
    if (this.ticking) return this.ticking;
    const started = Date.now();
    this.ticking = this.runTick().catch((e) => {
      this.ctx.log.error({ err: e }, 'session heartbeat failed');
    }).finally(() => {
      this.ticking = undefined;
      // A heartbeat this slow lets leases lapse while this process still drives them.
      const tookMs = Date.now() - started;
      if (tookMs > this.lease.leaseMs / 3) this.ctx.log.warn({ tookMs, leaseMs: this.lease.leaseMs, ...this.phases, timerLateMs: this.timerLateMs }, 'session heartbeat was slow');
    });
    return this.ticking;
  }

  private phases: Record<string, number> = {};
  private timerLateMs = 0;

  /** Renews this process's entry and its leases (one at a time; a call meanwhile joins it). */
  private renew(): Promise<void> {
    if (this.renewing) return this.renewing;
    this.renewing = this.renewOwned().catch((e) => {
      this.ctx.log.error({ err: e }, 'lease renewal failed');
    }).finally(() => { this.renewing = undefined; });
    return this.renewing;
  }

  private async runTick(): Promise<void> {
    this.phases = {};
    let t0 = Date.now();
    const phase = (name: string) => { const now = Date.now(); this.phases[name] = now - t0; t0 = now; };
    await this.renew();
    phase('renewMs');
    if (this.stopped) return;
    const room = await this.fairShareRoom();
    phase('sharesMs');
    const taken = await takeFreeSessions(this.leaseDb, this.lease, { onlyIds: this.opts.onlySessionIds, room, exclude: [...this.driven.keys()] });
    for (const row of taken) {
      if (this.driven.has(row.id) || this.stopped) continue;
      const d: Driven = { row, transport: this.transportFor(row), generation: row.link_generation };
      this.driven.set(row.id, d);
      this.ctx.log.info({ sessionId: row.id, transport: d.transport, status: row.status }, 'took the lease on a sender session');
      // Connects run on after the heartbeat: taking over a dead process's 100 sessions one
      // connect (two status writes) after another held the next renewal back by 14 s.
      if (d.transport === 'sandbox' || AUTO_CONNECT.has(row.status) || linkRequested(row)) {
        const c = this.channels.connect(d).finally(() => this.connects.delete(c));
        this.connects.add(c);
      }
    }
    phase('takeMs');
  }

  private async renewOwned(): Promise<void> {
    // A process driving chosen sessions (`session link`) takes no part in the fair share.
    if (!this.opts.onlySessionIds) await announceProcess(this.leaseDb, this.lease);
    const mine = [...this.driven.keys()];
    if (mine.length) {
      const open = mine.filter((id) => this.driven.get(id)?.lastState === 'open');
      const kept = new Map((await renewLeases(this.leaseDb, this.lease, mine, open)).map((r) => [r.id, r.link_generation]));
      for (const id of mine) {
        const generation = kept.get(id);
        if (generation === undefined) {
          this.ctx.log.warn({ sessionId: id }, 'lost the lease on a sender session (removed, or taken over); closing it');
          await this.dropSession(id);
          continue;
        }
        const d = this.driven.get(id);
        if (d && d.generation !== generation) await applyLinkRequest(this.ctx, this.channels, d);
      }
    }
  }

  /**
   * How many more sessions this process may take (null = no limit), after giving back what
   * is above its fair share so a newly started process picks it up. A process driving
   * chosen sessions (`session link`) takes no part.
   */
  private async fairShareRoom(): Promise<number | null> {
    if (this.opts.onlySessionIds) return null;
    const counts = await countShares(this.leaseDb);
    const { giveBack, room, share } = fairShare(counts, [...this.driven.keys()]);
    for (const id of giveBack) {
      this.ctx.log.info({ sessionId: id, share, processes: counts.owners }, 'giving a sender session back so another process can drive it');
      await this.dropSession(id);
      await releaseLeases(this.leaseDb, this.opts.ownerId, [id]);
    }
    return room;
  }

  private transportFor(row: SessionRow): SessionTransport {
    if (this.opts.transportOverride === 'sandbox' || this.ctx.config.waTransport === 'sandbox') return 'sandbox';
    return row.transport;
  }

  private async dropSession(id: number): Promise<void> {
    const d = this.driven.get(id);
    this.driven.delete(id);
    if (d) await this.channels.close(d);
    this.qrs.delete(id);
  }

  /** Plays an inbound message on a sandbox session; it goes through the same dedupe and 'inbound' event. */
  async injectInbound(sessionId: number, input: { fromPhone: string; text?: string; attachment?: SandboxAttachment; id?: string }): Promise<InboundMessage> {
    const channel = this.driven.get(sessionId)?.channel;
    if (!(channel instanceof SandboxChannel)) throw new ConflictError(`sender session ${sessionId} is not a connected sandbox session driven by this process`);
    const message = await channel.inject(input);
    if (!message) throw new ConflictError(`message ${input.id} was already received on session ${sessionId}`);
    return message;
  }
}
