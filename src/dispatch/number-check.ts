// Numbers not on WhatsApp (issue 21): before a recipient's first send its number is asked
// of WhatsApp (onWhatsApp), in batches, at a throttled pace per sender (the plan's checks
// per hour, spread with jitter; sandbox senders follow SANDBOX_PACING_MS). Verdicts are
// cached NUMBER_CHECK_DAYS for every account under a keyed hash of the number. Unknown (a
// timeout, an empty answer, a channel that cannot check) is never "absent": sent normally.
import type { Ctx } from '../context.js';
import type { Channel } from '../gateway/channel.js';
import { anonymisePhone, hashKey, NUMBER_CHECK_DAYS } from '../retention.js';
import type { ClaimedBatch } from './claim.js';
import { skipNotOnWhatsApp } from './outcomes.js';
import { randomDelay } from './pacing.js';

export interface Screened {
  /** Numbers of the batch WhatsApp says are not registered: not to be sent. */
  absent: Set<string>;
  /** Campaigns whose queued rows were skipped ahead of their send. */
  campaignsTouched: number[];
}

// Rows read per look-ahead page: cached numbers are passed over, so read more than a batch.
const LOOKAHEAD_PAGES = 4;

export class NumberChecker {
  private readonly nextCheckAt = new Map<number, number>();
  /** Per account: the highest outbox id already looked ahead at (lost on restart; the cache covers it). */
  private readonly lookedAhead = new Map<number, number>();
  private key: Promise<string> | undefined;

  constructor(private readonly ctx: Ctx, private readonly random: () => number = Math.random) {}

  /** Never throws: a failed check leaves every number unknown. */
  async screen(batch: ClaimedBatch, channel: Channel): Promise<Screened> {
    try {
      return await this.run(batch, channel);
    } catch (e) {
      this.ctx.log.warn({ err: e, sessionId: batch.sessionId }, 'number check failed; numbers sent unchecked');
      return { absent: new Set(), campaignsTouched: [] };
    }
  }

  private async run(batch: ClaimedBatch, channel: Channel): Promise<Screened> {
    const none: Screened = { absent: new Set(), campaignsTouched: [] };
    if (!channel.checkNumbers || batch.numberChecksPerHour <= 0) return none;
    const { config, clock } = this.ctx;
    const key = await (this.key ??= hashKey(this.ctx));
    const phones = [...new Set(batch.rows.map((r) => r.phone))];
    const cached = await this.cached(key, phones);
    const absent = new Set(phones.filter((p) => cached.get(p) === false));
    const now = clock.now().getTime();
    if ((this.nextCheckAt.get(batch.sessionId) ?? 0) > now) return { absent, campaignsTouched: [] };

    let toCheck = phones.filter((p) => !cached.has(p));
    // A paced sender claims one row at a time: fill the check with the rows that come next.
    if (toCheck.length < config.numberCheckBatch) {
      toCheck = toCheck.concat(await this.upcoming(key, batch.accountId, config.numberCheckBatch - toCheck.length, new Set(phones)));
    }
    if (!toCheck.length) return { absent, campaignsTouched: [] };
    const verdicts = await withTimeout(channel.checkNumbers(toCheck), config.numberCheckTimeoutMs);
    this.nextCheckAt.set(batch.sessionId, now + this.gapMs(batch, channel, toCheck.length));
    await this.remember(key, verdicts);
    const claimed = new Set(phones);
    const absentAhead: string[] = [];
    for (const [phone, registered] of verdicts) {
      if (registered) continue;
      if (claimed.has(phone)) absent.add(phone);
      else absentAhead.push(phone);
    }
    const campaignsTouched = absentAhead.length
      ? await this.ctx.db.tx((t) => skipNotOnWhatsApp(t, clock, batch.accountId, absentAhead)) : [];
    return { absent, campaignsTouched };
  }

  /** Time until this sender's next check: like its sends, never a fixed gap. */
  private gapMs(batch: ClaimedBatch, channel: Channel, checked: number): number {
    if (channel.transport === 'sandbox') return randomDelay(this.ctx.config.sandboxPacingMs, this.random);
    const meanMs = (checked * 3_600_000) / batch.numberChecksPerHour;
    return Math.round(meanMs * (0.5 + this.random()));
  }

  private async cached(key: string, phones: string[]): Promise<Map<string, boolean>> {
    if (!phones.length) return new Map();
    const byHash = new Map(phones.map((p) => [anonymisePhone(key, p), p]));
    const rows = await this.ctx.db.query<{ phone_hash: string; on_whatsapp: boolean }>(
      `SELECT phone_hash, on_whatsapp FROM number_checks
        WHERE phone_hash = ANY($1::text[]) AND checked_at > $2::timestamptz - make_interval(days => $3)`,
      [[...byHash.keys()], this.ctx.clock.now(), NUMBER_CHECK_DAYS]);
    return new Map(rows.map((r) => [byHash.get(r.phone_hash)!, r.on_whatsapp]));
  }

  private async remember(key: string, verdicts: Map<string, boolean>): Promise<void> {
    if (!verdicts.size) return;
    const entries = [...verdicts];
    await this.ctx.db.exec(
      `INSERT INTO number_checks (phone_hash, on_whatsapp, checked_at)
       SELECT h, v, $3 FROM unnest($1::text[], $2::boolean[]) AS u(h, v)
       ON CONFLICT (phone_hash) DO UPDATE SET on_whatsapp = EXCLUDED.on_whatsapp, checked_at = EXCLUDED.checked_at`,
      [entries.map(([p]) => anonymisePhone(key, p)), entries.map(([, v]) => v), this.ctx.clock.now()]);
  }

  /** Up to `n` numbers of the account's queued rows, in outbox order, with no fresh verdict. */
  private async upcoming(key: string, accountId: number, n: number, exclude: Set<string>): Promise<string[]> {
    const found: string[] = [];
    for (let page = 0; page < LOOKAHEAD_PAGES && found.length < n; page++) {
      const after = this.lookedAhead.get(accountId) ?? 0;
      const rows = await this.ctx.db.query<{ id: number; phone: string }>(
        `SELECT o.id, o.phone FROM outbox o
          WHERE o.campaign_id IN (SELECT id FROM campaigns WHERE account_id = $1 AND status = 'running')
            AND o.status = 'queued' AND o.id > $2
          ORDER BY o.id LIMIT $3`, [accountId, after, n]);
      if (!rows.length) break;
      this.lookedAhead.set(accountId, rows[rows.length - 1]!.id);
      const fresh = rows.map((r) => r.phone).filter((p) => !exclude.has(p) && !found.includes(p));
      const cached = await this.cached(key, fresh);
      found.push(...fresh.filter((p) => !cached.has(p)));
    }
    return found.slice(0, n);
  }
}

/** The check's answer, or an empty map (every number unknown) if it does not come in time. */
async function withTimeout(check: Promise<Map<string, boolean>>, ms: number): Promise<Map<string, boolean>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Map<string, boolean>>((resolve) => { timer = setTimeout(() => resolve(new Map()), ms); });
  try {
    return await Promise.race([check.catch(() => new Map<string, boolean>()), late]);
  } finally {
    clearTimeout(timer);
  }
}
