// Status writes of the sessions this process drives: a channel's reports become rows in the
// order the channel made them (one chain per session), and stop() can wait for them all.
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import { recordChannelStatus } from '../senders/record-channel-status.js';
import type { SenderStatus } from '../senders/state.js';
import type { ChannelStatus } from './channel.js';

const DB_STATUS: Record<ChannelStatus['state'], Exclude<SenderStatus, 'removed'>> = {
  connecting: 'connecting', open: 'open', closed: 'closed',
  'logged-out': 'logged_out', 'needs-relink': 'needs_relink', replaced: 'replaced',
};

export class StatusWrites {
  private readonly chains = new Map<number, Promise<unknown>>();
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly db: () => Db, private readonly log: Logger, private readonly ownerId: string) {}

  /** Queues the row write of one report; `generation` is the link the channel belongs to. */
  record(sessionId: number, generation: number, status: ChannelStatus): void {
    const write = () => recordChannelStatus(this.db(), {
      sessionId, ownerId: this.ownerId, generation, status: DB_STATUS[status.state],
      reason: 'reason' in status ? status.reason : null,
      phone: status.state === 'open' ? status.phone ?? null : null,
      lid: status.state === 'open' ? status.lid ?? null : null,
    });
    this.enqueue(sessionId, write);
  }

  /** Any other write that must land after the session's earlier reports (a pairing code). */
  enqueue(sessionId: number, write: () => Promise<unknown>): void {
    const chain = (this.chains.get(sessionId) ?? Promise.resolve()).then(write, write);
    this.chains.set(sessionId, chain);
    this.track(chain);
  }

  /** Resolves when the session's queued writes have landed. */
  async flushed(sessionId: number): Promise<void> {
    await this.chains.get(sessionId)?.catch(() => undefined);
  }

  track(p: Promise<unknown>): void {
    const tracked = p.catch((e) => this.log.error({ err: e }, 'recording sender session state failed'))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  async settle(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }
}
