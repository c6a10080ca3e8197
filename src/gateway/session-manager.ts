// Drives the sender sessions this process owns. Ownership is a lease on the session row
// (owner_id + lease_until, renewed by heartbeat, taken over when expired), so two processes
// on one database never drive the same number.
import { EventEmitter } from 'node:events';
import QRCode from 'qrcode';
import { ConflictError, NotFoundError } from '../accounts.js';
import { audit, SYSTEM, type Actor } from '../audit.js';
import type { Ctx } from '../context.js';
import type { Channel, ChannelStatus, InboundMessage, ReachoutState, Receipt } from './channel.js';
import { SandboxChannel, sandboxPhone, type SandboxAttachment } from './sandbox-channel.js';
import { getSession, wipeCredentials, type SessionRow, type SessionTransport } from './sessions.js';

export interface QrCode { dataUrl: string; expiresAt: Date }

export interface SessionManagerEvents {
  inbound: [message: InboundMessage];
  receipt: [receipt: Receipt];
  reachout: [state: ReachoutState];
  status: [event: { sessionId: number; status: ChannelStatus }];
  /** `qr` is the raw string (for a terminal), `dataUrl` the image (for the console). */
  qr: [event: { sessionId: number; qr: string } & QrCode];
}

export type ChannelFactory = (row: SessionRow, transport: SessionTransport) => Promise<Channel>;

export interface SessionManagerOptions {
  ownerId: string;
  transportOverride?: 'sandbox';
  /** Drive only these sessions (the CLI's `session link`). */
  onlySessionIds?: number[];
  /** How often leases are renewed and free sessions picked up; default LEASE_MS / 3. */
  heartbeatMs?: number;
  /** Builds a session's channel; tests pass fakes. Default: sandbox or Baileys. */
  channelFactory?: ChannelFactory;
}

interface Driven {
  row: SessionRow;
  transport: SessionTransport;
  channel?: Channel;
  lastState?: ChannelStatus['state'];
  /** Status writes of this session, in the order the channel reported them. */
  writes: Promise<unknown>;
}

// Statuses a process connects at boot; the others wait for a person (link, relink, resume).
const AUTO_CONNECT = new Set(['connecting', 'open', 'closed', 'paused']);
// WhatsApp shows the first QR of a link for 60 s and each next one for 20 s.
const FIRST_QR_MS = 60_000;
const NEXT_QR_MS = 20_000;

const DB_STATUS: Record<ChannelStatus['state'], string> = {
  connecting: 'connecting', open: 'open', closed: 'closed',
  'logged-out': 'logged_out', 'needs-relink': 'needs_relink', replaced: 'replaced',
};

export class SessionManager extends EventEmitter<SessionManagerEvents> {
  private readonly driven = new Map<number, Driven>();
  private readonly qrs = new Map<number, QrCode & { count: number }>();
  private readonly pending = new Set<Promise<unknown>>();
  private heartbeat: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly ctx: Ctx, private readonly opts: SessionManagerOptions) {
    super();
    if (!opts.ownerId) throw new RangeError('SessionManager needs an ownerId');
  }

  get ownerId(): string { return this.opts.ownerId; }

  async start(): Promise<void> {
    this.stopped = false;
    await this.tick();
    const every = this.opts.heartbeatMs ?? Math.max(250, Math.floor(this.ctx.config.leaseMs / 3));
    this.heartbeat = setInterval(() => { void this.tick(); }, every);
    this.heartbeat.unref();
  }

  /** Ends every socket and gives the leases back so another process can take over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    await this.ticking;
    const ids = [...this.driven.keys()];
    await Promise.all(ids.map((id) => this.dropSession(id)));
    await this.settle();
    if (ids.length) {
      await this.ctx.db.exec(
        `UPDATE sender_sessions SET owner_id = NULL, lease_until = NULL WHERE owner_id = $1 AND id = ANY($2::int[])`,
        [this.opts.ownerId, ids],
      );
    }
    await this.ctx.db.exec(`DELETE FROM gateway_processes WHERE owner_id = $1 OR seen_until < now() - interval '1 day'`, [this.opts.ownerId]);
  }

  channel(sessionId: number): Channel | undefined {
    return this.driven.get(sessionId)?.channel;
  }

  ownedSessionIds(): number[] {
    return [...this.driven.keys()].sort((a, b) => a - b);
  }

  getQr(sessionId: number): QrCode | undefined {
    const qr = this.qrs.get(sessionId);
    if (!qr || qr.expiresAt.getTime() <= this.ctx.clock.now().getTime()) return undefined;
    return { dataUrl: qr.dataUrl, expiresAt: qr.expiresAt };
  }

  /** Renews our leases, lets go of sessions we lost, and takes free or expired ones. */
  async tick(): Promise<void> {
    if (this.ticking) return this.ticking;
    this.ticking = this.runTick().catch((e) => {
      this.ctx.log.error({ err: e }, 'session heartbeat failed');
    }).finally(() => { this.ticking = undefined; });
    return this.ticking;
  }

  private async runTick(): Promise<void> {
    const { db, config } = this.ctx;
    const mine = [...this.driven.keys()];
    if (mine.length) {
      const open = mine.filter((id) => this.driven.get(id)?.lastState === 'open');
      const kept = await db.query<{ id: number }>(
        `UPDATE sender_sessions
            SET lease_until = now() + $2 * interval '1 millisecond',
                last_seen_at = CASE WHEN id = ANY($4::int[]) THEN now() ELSE last_seen_at END
          WHERE owner_id = $1 AND id = ANY($3::int[]) AND status <> 'removed'
          RETURNING id`,
        [this.opts.ownerId, config.leaseMs, mine, open],
      );
      const keptIds = new Set(kept.map((r) => r.id));
      for (const id of mine) {
        if (keptIds.has(id)) continue;
        this.ctx.log.warn({ sessionId: id }, 'lost the lease on a sender session (removed, or taken over); closing it');
        await this.dropSession(id);
      }
    }
    if (this.stopped) return;
    const room = await this.fairShareRoom();
    const taken = await db.query<SessionRow>(
      `UPDATE sender_sessions s
          SET owner_id = $1, lease_until = now() + $2 * interval '1 millisecond'
         FROM (SELECT id FROM sender_sessions
                WHERE status <> 'removed'
                  AND (owner_id IS NULL OR owner_id = $1 OR lease_until IS NULL OR lease_until < now())
                  AND ($3::int[] IS NULL OR id = ANY($3::int[]))
                  AND NOT id = ANY($5::int[])
                ORDER BY id
                LIMIT $4
                FOR UPDATE SKIP LOCKED) free
        WHERE s.id = free.id
        RETURNING s.*`,
      [this.opts.ownerId, config.leaseMs, this.opts.onlySessionIds ?? null, room, [...this.driven.keys()]],
    );
    for (const row of taken) {
      if (this.driven.has(row.id) || this.stopped) continue;
      const d: Driven = { row, transport: this.transportFor(row), writes: Promise.resolve() };
      this.driven.set(row.id, d);
      this.ctx.log.info({ sessionId: row.id, transport: d.transport, status: row.status }, 'took the lease on a sender session');
      if (d.transport === 'sandbox' || AUTO_CONNECT.has(row.status)) await this.connect(d);
    }
  }

  /**
   * How many more sessions this process may take (null = no limit). Each live process gets
   * ceil(sessions / processes); one above its share gives the surplus back so a newly
   * started process picks it up. A process driving chosen sessions (`session link`) takes
   * no part.
   */
  private async fairShareRoom(): Promise<number | null> {
    if (this.opts.onlySessionIds) return null;
    const { db, config } = this.ctx;
    await db.exec(
      `INSERT INTO gateway_processes (owner_id, seen_until) VALUES ($1, now() + $2 * interval '1 millisecond')
       ON CONFLICT (owner_id) DO UPDATE SET seen_until = EXCLUDED.seen_until`,
      [this.opts.ownerId, config.leaseMs],
    );
    const r = (await db.one<{ owners: number; sessions: number }>(
      `SELECT (SELECT count(*)::int FROM gateway_processes WHERE seen_until > now()) AS owners,
              (SELECT count(*)::int FROM sender_sessions WHERE status <> 'removed') AS sessions`))!;
    const share = Math.ceil(r.sessions / Math.max(1, r.owners));
    const surplus = [...this.driven.keys()].sort((a, b) => b - a).slice(0, Math.max(0, this.driven.size - share));
    for (const id of surplus) {
      this.ctx.log.info({ sessionId: id, share, processes: r.owners }, 'giving a sender session back so another process can drive it');
      await this.dropSession(id);
      await db.exec(`UPDATE sender_sessions SET owner_id = NULL, lease_until = NULL WHERE id = $1 AND owner_id = $2`, [id, this.opts.ownerId]);
    }
    return Math.max(0, share - this.driven.size);
  }

  private transportFor(row: SessionRow): SessionTransport {
    if (this.opts.transportOverride === 'sandbox' || this.ctx.config.waTransport === 'sandbox') return 'sandbox';
    return row.transport;
  }

  private async connect(d: Driven): Promise<void> {
    const id = d.row.id;
    try {
      const channel = await (this.opts.channelFactory ?? this.defaultFactory)(d.row, d.transport);
      d.channel = channel;
      channel.on('status', (s) => this.onStatus(d, s));
      channel.on('inbound', (m) => this.emit('inbound', m));
      channel.on('receipt', (r) => this.emit('receipt', r));
      channel.on('reachout', (r) => this.emit('reachout', r));
      channel.on('qr', (qr) => this.track(this.onQr(id, qr)));
      await channel.connect();
      await d.writes;
    } catch (e) {
      this.ctx.log.error({ err: e, sessionId: id }, 'could not start sender session');
      this.onStatus(d, { state: 'closed', reason: `could not start: ${(e as Error).message}` });
    }
  }

  private readonly defaultFactory: ChannelFactory = async (row, transport) => {
    const { config, db, log } = this.ctx;
    if (transport === 'sandbox') {
      return new SandboxChannel({
        sessionId: row.id, db, log, phone: row.phone,
        deliveredMs: config.sandboxDeliveredMs, readMs: config.sandboxReadMs, failureRate: config.sandboxFailureRate,
        notOnWhatsApp: config.sandboxNotOnWhatsApp,
      });
    }
    const { createWhatsAppChannel } = await import('./whatsapp-factory.js');
    return createWhatsAppChannel(this.ctx, row);
  };

  private onStatus(d: Driven, status: ChannelStatus): void {
    const id = d.row.id;
    d.lastState = status.state;
    if (status.state === 'open' || status.state === 'needs-relink' || status.state === 'logged-out') this.qrs.delete(id);
    const reason = 'reason' in status ? status.reason : null;
    const phone = status.state === 'open' ? status.phone ?? null : null;
    const lid = status.state === 'open' ? status.lid ?? null : null;
    // Only the lease holder records status, so a process that lost a session cannot overwrite it.
    // A paused sender keeps its socket (commands still flow); only a broken link overrides the pause.
    const write = () => this.ctx.db.exec(
      `UPDATE sender_sessions
          SET status = CASE WHEN status = 'paused' AND $2 IN ('connecting','open','closed') THEN 'paused' ELSE $2 END,
              status_reason = $3,
              phone = COALESCE($4, phone), lid = COALESCE($5, lid),
              linked_at = CASE WHEN $2 = 'open' THEN COALESCE(linked_at, now()) ELSE linked_at END,
              last_seen_at = CASE WHEN $2 = 'open' THEN now() ELSE last_seen_at END
        WHERE id = $1 AND owner_id = $6 AND status <> 'removed'`,
      [id, DB_STATUS[status.state], reason, phone, lid, this.opts.ownerId],
    );
    d.writes = d.writes.then(write, write);
    this.track(d.writes);
    this.ctx.log.info({ sessionId: id, ...status }, 'sender session status');
    this.emit('status', { sessionId: id, status });
  }

  private async onQr(sessionId: number, qr: string): Promise<void> {
    const prev = this.qrs.get(sessionId);
    const count = (prev?.count ?? 0) + 1;
    const expiresAt = new Date(this.ctx.clock.now().getTime() + (count === 1 ? FIRST_QR_MS : NEXT_QR_MS));
    const dataUrl = await QRCode.toDataURL(qr);
    this.qrs.set(sessionId, { dataUrl, expiresAt, count });
    this.emit('qr', { sessionId, qr, dataUrl, expiresAt });
  }

  private async dropSession(id: number): Promise<void> {
    const d = this.driven.get(id);
    this.driven.delete(id);
    this.qrs.delete(id);
    if (!d?.channel) return;
    try {
      await d.channel.close();
    } catch (e) {
      this.ctx.log.warn({ err: e, sessionId: id }, 'closing a sender session failed');
    }
    d.channel.removeAllListeners();
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch((e) => this.ctx.log.error({ err: e }, 'recording sender session state failed'))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private async settle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  private owned(id: number): Driven {
    const d = this.driven.get(id);
    if (!d) throw new ConflictError(`sender session ${id} is not driven by this process (${this.opts.ownerId})`);
    return d;
  }

  /** Plays an inbound message on a sandbox session; it goes through the same dedupe and 'inbound' event. */
  async injectInbound(sessionId: number, input: { fromPhone: string; text?: string; attachment?: SandboxAttachment; id?: string }): Promise<InboundMessage> {
    const channel = this.owned(sessionId).channel;
    if (!(channel instanceof SandboxChannel)) throw new ConflictError(`sender session ${sessionId} is not a connected sandbox session`);
    const message = await channel.inject(input);
    if (!message) throw new ConflictError(`message ${input.id} was already received on session ${sessionId}`);
    return message;
  }

  /** The platform's operator number in sandbox mode: created once, whichever process asks first. */
  async ensureSandboxSession(): Promise<number> {
    return this.ctx.db.tx(async (t) => {
      await t.exec(`SELECT pg_advisory_xact_lock(hashtext('wa-chatops:ensure-sandbox-session'))`);
      const existing = await t.one<{ id: number }>(
        `SELECT id FROM sender_sessions WHERE account_id IS NULL AND status <> 'removed' AND purpose IN ('commands','both') ORDER BY id LIMIT 1`);
      if (existing) return existing.id;
      const row = await t.one<{ id: number }>(
        `INSERT INTO sender_sessions (transport, purpose, label, warmup) VALUES ('sandbox', 'both', 'sandbox operator number', false) RETURNING id`);
      await t.exec('UPDATE sender_sessions SET phone = $2 WHERE id = $1', [row!.id, this.ctx.config.operatorPhone ?? sandboxPhone(row!.id)]);
      await audit(t, SYSTEM, 'session.add', null, { sessionId: row!.id, transport: 'sandbox', purpose: 'both' });
      return row!.id;
    });
  }

  /** Stops sending through a session (its socket stays up so commands still arrive). */
  async pauseSession(sessionId: number, reason: string, actor: Actor = SYSTEM): Promise<void> {
    const n = await this.ctx.db.exec(
      `UPDATE sender_sessions SET status = 'paused', paused_reason = $2 WHERE id = $1 AND status <> 'removed'`, [sessionId, reason]);
    if (!n) throw new NotFoundError(`no sender session with id ${sessionId}`);
    await audit(this.ctx.db, actor, 'session.pause', null, { sessionId, reason });
    this.ctx.log.warn({ sessionId, reason }, 'sender session paused');
  }

  async resumeSession(sessionId: number, actor: Actor = SYSTEM): Promise<void> {
    await this.driven.get(sessionId)?.writes; // earlier status reports must not land after the resume
    const state = this.driven.get(sessionId)?.lastState;
    const n = await this.ctx.db.exec(
      `UPDATE sender_sessions SET paused_reason = NULL, consecutive_errors = 0, status = $2
        WHERE id = $1 AND status = 'paused'`,
      [sessionId, state ? DB_STATUS[state] : 'closed'],
    );
    if (!n) throw new ConflictError(`sender session ${sessionId} is not paused`);
    await audit(this.ctx.db, actor, 'session.resume', null, { sessionId });
  }

  /** Forgets the session's WhatsApp link and starts a new one (QR codes follow). */
  async relink(sessionId: number, actor: Actor = SYSTEM): Promise<void> {
    const d = this.owned(sessionId);
    await this.closeChannel(d);
    await this.ctx.db.tx(async (t) => {
      await wipeCredentials(t, sessionId);
      await t.exec(`UPDATE sender_sessions SET status = 'new', status_reason = 'linking' WHERE id = $1`, [sessionId]);
      await audit(t, actor, 'session.relink', d.row.account_id, { sessionId });
    });
    d.row = (await getSession(this.ctx.db, sessionId))!;
    await this.connect(d);
  }

  /** Logs the number out of WhatsApp (when connected) and wipes its credentials. */
  async unlink(sessionId: number, actor: Actor = SYSTEM): Promise<void> {
    const d = this.owned(sessionId);
    const channel = d.channel as (Channel & { logout?: () => Promise<void> }) | undefined;
    if (channel?.logout && d.lastState === 'open') {
      await channel.logout().catch((e) => this.ctx.log.warn({ err: e, sessionId }, 'logout from WhatsApp failed; wiping credentials anyway'));
    }
    await this.closeChannel(d);
    await this.ctx.db.tx(async (t) => {
      await wipeCredentials(t, sessionId);
      await t.exec(`UPDATE sender_sessions SET status = 'logged_out', status_reason = 'unlinked by an admin' WHERE id = $1`, [sessionId]);
      await audit(t, actor, 'session.unlink', d.row.account_id, { sessionId });
    });
  }

  private async closeChannel(d: Driven): Promise<void> {
    const ch = d.channel;
    d.channel = undefined;
    this.qrs.delete(d.row.id);
    if (!ch) return;
    await ch.close();
    ch.removeAllListeners();
    await this.settle();
  }
}
