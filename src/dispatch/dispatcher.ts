// Main-thread half of send-campaigns: sends a claimed batch through the sender's channel
// with the pre-generated message ids, then records every outcome in one transaction and
// sets the sender's next random delay. Rows not handed to WhatsApp go back to the queue.
import { mediaContent } from '../content/media.js';
import { completionNotice } from '../campaigns/completion-notice.js';
import type { Ctx } from '../context.js';
import { RateLimitedError } from '../gateway/channel.js';
import { autoPauseSender } from '../senders/pause-sender.js';
import { senderNumberOf } from '../senders/sender-overview.js';
import type { ClaimedBatch } from './claim.js';
import { msg, type Msg } from '../i18n/t.js';
import { noticeOwner, type ChannelSource, type SendWhatsApp } from './notify-owner.js';
import { NumberChecker } from './number-check.js';
import { extendOwnLeaseSql } from '../gateway/session-leases.js';
import { completeFinishedCampaigns, markFailed, markSent, requeue, skipNotOnWhatsApp } from './outcomes.js';
import { randomDelay } from './pacing.js';
import { takeFromPackage } from '../senders/human-pacing.js';
import { recipientOf, refusalOf, sendOptionsOf, sendsBatchAtOnce } from '../channels/send-hooks.js';
import { rerouteFailedToSms } from '../channels/sms-fallback.js';

export interface DispatchResult { sent: number; failed: number; requeued: number; notOnWhatsApp: number; paused?: string; completed: number[] }

export class Dispatcher {
  private stopping = false;
  private readonly running = new Set<Promise<DispatchResult>>();
  private readonly numbers: NumberChecker;

  constructor(private readonly ctx: Ctx, private readonly sessions: ChannelSource & { ownerId?: string },
    private readonly notify?: SendWhatsApp, private readonly random: () => number = Math.random) {
    this.numbers = new NumberChecker(ctx, random);
  }

  dispatch(batch: ClaimedBatch): Promise<DispatchResult> {
    const p = this.run(batch);
    this.running.add(p);
    void p.finally(() => this.running.delete(p)).catch(() => undefined);
    return p;
  }

  /** No new sends start; batches in progress finish their current message and requeue the rest. */
  beginStop(): void { this.stopping = true; }

  async drain(): Promise<void> {
    this.beginStop();
    await Promise.allSettled([...this.running]);
  }

  private async run(batch: ClaimedBatch): Promise<DispatchResult> {
    const { config, log, clock, db } = this.ctx;
    const channel = this.sessions.channel(batch.sessionId);
    const sent: number[] = [];
    const failed: Array<{ id: number; reason: string }> = [];
    const unsent: number[] = [];
    let errors = batch.consecutiveErrors;
    let pause: string | undefined;
    let pauseWhy: Msg | undefined; // the same, for the owner's notice in their language
    let retryAfterMs = 0; // an SMS / e-mail provider asked to try later (issue 16)
    // Numbers WhatsApp says are not registered are never sent (nor charged).
    const screened = channel && !this.stopping ? await this.numbers.screen(batch, channel) : { absent: new Set<string>(), campaignsTouched: [] };
    const notOnWhatsApp: number[] = [];
    const sendOne = async (row: ClaimedBatch['rows'][number]): Promise<void> => {
      if (screened.absent.has(row.phone)) { notOnWhatsApp.push(row.id); return; }
      if (!channel || this.stopping || pause) { unsent.push(row.id); return; }
      try {
        // A media campaign sends its file with the text as caption (uploaded once per sender: src/content/media.ts).
        const content = row.media ? await mediaContent(this.ctx, row.accountId, row.media, row.text) : { kind: 'text' as const, text: row.text };
        // "typing…" first on WhatsApp (the sandbox and other channels ignore it).
        await channel.send(recipientOf(row), content, { ...sendOptionsOf(row), typing: true });
        sent.push(row.id);
        errors = 0;
      } catch (e) {
        const message = (e as Error)?.message ?? String(e);
        const refusal = refusalOf(e, row, config.channels.temporaryRetries);
        if (refusal?.outcome === 'requeue') { unsent.push(row.id); retryAfterMs = Math.max(retryAfterMs, refusal.retryAfterMs); return; }
        if (refusal?.outcome === 'fail' && !refusal.senderFault) { failed.push({ id: row.id, reason: refusal.reason }); return; }
        if (e instanceof RateLimitedError) {
          // WhatsApp refused it before accepting: not sent, safe to queue again.
          unsent.push(row.id);
          pause = `WhatsApp asked this number to slow down (${message})`;
          pauseWhy = msg('notice.sender.reason.rate_limited');
          return;
        }
        failed.push({ id: row.id, reason: message });
        errors++;
        if (errors >= config.autoPauseErrors) {
          pause = `${errors} send errors in a row (last: ${message})`;
          pauseWhy = msg('notice.sender.reason.errors', { count: errors });
        }
      }
    };
    // A sandbox sender with no pacing delay sends its batch at once, so the sandbox's writes
    // share commits; anything that reaches WhatsApp goes one message at a time.
    const parallel = (channel?.transport === 'sandbox' || sendsBatchAtOnce(channel)) && batch.pacingMs[1] === 0;
    if (parallel) await Promise.all(batch.rows.map(sendOne));
    else for (const row of batch.rows) await sendOne(row);
    const delayMs = Math.max(randomDelay(batch.pacingMs, this.random), retryAfterMs);
    // The outcome updates lock the account's ledger row, so they come last: concurrent
    // senders of one account queue on that lock only for the few statements before commit.
    // What was sent is a fact by now: if the database is away, keep trying to record it
    // (reconciliation leaves these rows alone while this process holds the sender lease).
    const batchCampaigns = [...new Set(batch.rows.map((r) => r.campaignId))];
    let queuedLeft = 1;
    await this.untilRecorded(batch.sessionId, () => db.tx(async (t) => {
      // Also reads how many rows its campaigns still have queued (their counters, as of this
      // statement): only when none is left can one of them be finished, so only then is the
      // completion check below worth a statement. The last batch recorded always sees 0: every
      // claim that took rows committed before its rows could be sent and recorded.
      // Packages (src/senders/human-pacing.ts): a long break after every 20–40 paced WhatsApp sends.
      const packagePauseMs = channel?.transport === 'whatsapp' && batch.pacingMs[1] > 0 ? await takeFromPackage(t, batch.sessionId, sent.length, this.random) : 0;
      const left = await t.one<{ queued: number }>(
        `UPDATE sender_sessions SET consecutive_errors = $2,
                next_send_at = $3::timestamptz + make_interval(secs => $4::double precision / 1000),
                -- The heartbeat skips a row locked by this record; the record renews it instead.
                ${extendOwnLeaseSql('$6::text', '$7')}
          WHERE id = $1
        RETURNING (SELECT coalesce(sum(n), 0)::int FROM campaign_counts WHERE campaign_id = ANY($5::int[]) AND status = 'queued') AS queued`,
        [batch.sessionId, errors, clock.now(), delayMs + packagePauseMs, batchCampaigns, this.sessions.ownerId ?? null, config.leaseMs],
      );
      queuedLeft = left?.queued ?? 1;
      // The same pause a person sets: `resume sender N` or the console's resume undoes it.
      if (pause) await autoPauseSender(t, batch.sessionId, batch.accountId, pause);
      await markSent(t, clock, sent);
      // WhatsApp sends that failed go by SMS instead where the owner chose it (issue 16); the rest fail.
      const rerouted = await rerouteFailedToSms(t, clock, failed);
      await markFailed(t, clock, rerouted.size ? failed.filter((f) => !rerouted.has(f.id)) : failed);
      await requeue(t, clock, unsent);
      await skipNotOnWhatsApp(t, clock, batch.accountId, [...screened.absent], notOnWhatsApp);
    }));
    // After the commit, so it sees every other sender's recorded rows; a crash in between
    // leaves the campaign to reconcile-sending, which completes finished campaigns too.
    const completed = await completeFinishedCampaigns(db, clock,
      [...new Set([...(queuedLeft === 0 ? batchCampaigns : []), ...screened.campaignsTouched])]);
    for (const campaignId of completed) log.info({ accountId: batch.accountId, campaignId }, 'campaign completed');
    if (!channel) log.warn({ sessionId: batch.sessionId }, 'claimed rows for a sender this process has no channel for; requeued');
    for (const id of completed) {
      const done = await completionNotice(this.ctx, id).catch((e) => { log.warn({ err: e, campaignId: id }, 'completion notice not built'); return undefined; });
      if (done) await this.tellOwner(done.accountId, done.notice);
    }
    if (pause) {
      log.warn({ sessionId: batch.sessionId, reason: pause }, 'sender paused');
      const n = await senderNumberOf(db, batch.sessionId).catch(() => undefined) ?? batch.sessionId;
      await this.tellOwner(batch.accountId, msg('notice.sender.paused', { id: String(n), reason: pauseWhy ?? pause }));
    }
    return { sent: sent.length, failed: failed.length, requeued: unsent.length, notOnWhatsApp: notOnWhatsApp.length, paused: pause, completed };
  }

  /** Retries with capped backoff; gives up only when the process stops (the lease then lapses). */
  private async untilRecorded(sessionId: number, record: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await record();
        return;
      } catch (e) {
        if (this.stopping) throw e;
        const waitMs = Math.min(30_000, 250 * 2 ** Math.min(attempt, 7));
        this.ctx.log.warn({ err: e, sessionId, attempt, waitMs }, 'could not record a sent batch; retrying');
        await new Promise((r) => setTimeout(r, waitMs));
      }
    }
  }

  private async tellOwner(accountId: number, notice: Msg): Promise<void> {
    if (!this.notify) return;
    try {
      await noticeOwner(this.ctx.db, this.notify, accountId, notice);
    } catch (e) {
      this.ctx.log.warn({ err: e, accountId }, 'could not tell the owner');
    }
  }
}
