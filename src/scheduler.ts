// Bree, with the jobs in jobs/ (run from the compiled dist/jobs/*.js in worker threads).
// Workers get configuration through workerData and open their own pool; anything that needs
// a WhatsApp channel comes back to this thread as a request (owned-sessions, dispatch,
// send-whatsapp). stop(): no new sends, workers cancelled, batches in hand finished or requeued.
// send-campaigns and reconcile-sending are not on Bree's interval: every tick the main thread
// asks the database whether there is work (src/dispatch/find-due-work.ts) and starts a worker
// only then, and never beside one still running — an idle process starts no threads, and a busy
// one does not log "already running" every tick.
import Bree from 'bree';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ctx } from './context.js';
import type { ClaimedBatch } from './dispatch/claim.js';
import { Dispatcher } from './dispatch/dispatcher.js';
import { hasDueWebhooks } from './webhooks/deliver.js';
import { hasDueSchedules } from './campaigns/schedule.js';
import { findDueSendWork, hasReconcileWork } from './dispatch/find-due-work.js';
import { sendViaOperatorSession, type ChannelSource, type SendWhatsApp } from './dispatch/notify-owner.js';

const JOBS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'jobs');
const DAY_MS = 24 * 3600 * 1000;

export interface SchedulerDeps {
  sessions: ChannelSource & { ownerId?: string };
  /** How platform messages reach owners; defaults to an operator session this process drives. */
  sendWhatsApp?: SendWhatsApp;
  /** Overrides of a job's first-run delay and interval (tests). */
  timing?: Partial<Record<JobName, { firstRunMs?: number; intervalMs?: number }>>;
}

export type JobName = 'send-campaigns' | 'reconcile-sending' | 'start-scheduled' | 'retention-purge' | 'billing-reminders' | 'reply-digest' | 'deliver-webhooks';

export interface JobState { name: string; lastRunAt?: Date; lastError?: string; lastSummary?: Record<string, unknown>; runs: number }

export interface Scheduler {
  stop(): Promise<void>;
  state(): { running: boolean; jobs: JobState[] };
  /** Runs a job now (no-op when it is already running). */
  run(name: JobName): Promise<void>;
}

export async function startScheduler(ctx: Ctx, deps: SchedulerDeps): Promise<Scheduler> {
  const { config, log } = ctx;
  const notify = deps.sendWhatsApp ?? sendViaOperatorSession(ctx.db, deps.sessions);
  const dispatcher = new Dispatcher(ctx, deps.sessions, notify);
  const states = new Map<string, JobState>();
  const timing = (name: JobName, firstRunMs: number, intervalMs: number) => ({
    timeout: deps.timing?.[name]?.firstRunMs ?? firstRunMs, interval: deps.timing?.[name]?.intervalMs ?? intervalMs,
  });
  const sendBudgetMs = 50_000;
  // On demand only (timeout false, no interval): started by the triggers below.
  const onDemand = { timeout: false, interval: 0 };
  const jobs = [
    { name: 'send-campaigns', ...onDemand, closeWorkerAfterMs: sendBudgetMs + 5 * 60_000 },
    { name: 'reconcile-sending', ...onDemand, closeWorkerAfterMs: 10 * 60_000 },
    { name: 'start-scheduled', ...onDemand, closeWorkerAfterMs: 10 * 60_000 },
    { name: 'retention-purge', ...timing('retention-purge', 5 * 60_000, DAY_MS), closeWorkerAfterMs: 6 * 3600_000 },
    { name: 'billing-reminders', ...timing('billing-reminders', 60_000, DAY_MS), closeWorkerAfterMs: 30 * 60_000 },
    { name: 'reply-digest', ...timing('reply-digest', 30_000, 60_000), closeWorkerAfterMs: 10 * 60_000 },
    // On demand too: its worker stays up to the run budget (woken by NOTIFY), so an interval job
    // would have Bree warn "already running" every tick.
    { name: 'deliver-webhooks', ...onDemand, closeWorkerAfterMs: 10 * 60_000 },
  ].map((j) => ({ ...j, path: path.join(JOBS_DIR, `${j.name}.js`) }));
  for (const j of jobs) states.set(j.name, { name: j.name, runs: 0 });
  const triggers: Array<ReturnType<typeof trigger>> = [];
  let lastWebhookRun = 0;

  const handlers: Record<string, (params: any) => Promise<unknown> | unknown> = {
    'owned-sessions': () => deps.sessions.ownedSessionIds(),
    dispatch: (batch: ClaimedBatch) => dispatcher.dispatch(batch),
    'send-whatsapp': ({ toPhone, text }: { toPhone: string; text: string }) => notify(toPhone, text),
  };

  const bree: Bree = new Bree({
    root: false,
    doRootCheck: false,
    jobs,
    worker: { workerData: { config, databaseUrl: ctx.db.url, ownerId: deps.sessions.ownerId, runBudgetMs: sendBudgetMs } },
    // Bree's own lines are operational noise at info; failures still reach errorHandler.
    logger: { info: () => undefined, warn: (m: unknown) => log.warn({ bree: String(m) }, 'scheduler'), error: (m: unknown) => log.error({ bree: String(m) }, 'scheduler') } as any,
    errorHandler: (err: Error, meta: { name?: string }) => {
      const s = meta?.name ? states.get(meta.name) : undefined;
      if (s) s.lastError = err.message;
      log.error({ job: meta?.name, err }, 'job failed');
    },
    workerMessageHandler: ({ name, message }: { name: string; message: any }) => {
      if (message && typeof message.rpc === 'number') {
        const reply = (body: Record<string, unknown>) => bree.workers.get(name)?.postMessage({ rpc: message.rpc, ...body });
        Promise.resolve()
          .then(() => {
            const h = handlers[message.method];
            if (!h) throw new Error(`unknown request "${message.method}"`);
            return h(message.params);
          })
          .then((result) => reply({ result }), (e: Error) => reply({ error: e?.message ?? String(e) }));
        return;
      }
      if (message && typeof message === 'object' && 'summary' in message) {
        const s = states.get(name)!;
        s.runs++;
        s.lastRunAt = new Date();
        s.lastSummary = message.summary;
        s.lastError = message.error ? String(message.error).split('\n')[0] : undefined;
        if (message.error) log.error({ job: name, error: message.error }, 'job run failed');
        // What a run did is logged by the job's own service when it matters (purge done, reconciled, …).
        else log.debug({ job: name, ...message.summary }, 'job run');
        if (name === 'deliver-webhooks') lastWebhookRun = Date.now();
        triggers.find((t) => t.name === name)?.finished(message.summary ?? {});
      }
    },
  } as any);
  await bree.start();
  let running = true;

  triggers.push(
    trigger('send-campaigns', timing('send-campaigns', 0, config.sendTickMs),
      async () => findDueSendWork(ctx.db, await deps.sessions.ownedSessionIds(), ctx.clock.now()),
      (summary) => Number(summary.batches ?? 0) === 0),
    trigger('reconcile-sending', timing('reconcile-sending', 0, Math.max(1000, Math.min(60_000, config.reconcileAfterMs / 2))),
      async () => ((await hasReconcileWork(ctx.db)) ? 'due' : ''),
      () => false),
    // A campaign's scheduled start: looked for every 5 s, a worker only when one is due.
    trigger('start-scheduled', timing('start-scheduled', 0, 5_000),
      async () => ((await hasDueSchedules(ctx.db, ctx.clock.now())) ? 'due' : ''),
      () => false),
    // Deliveries due, or an hour since the last run (its Idempotency-Key housekeeping).
    trigger('deliver-webhooks', timing('deliver-webhooks', config.webhookTickMs, config.webhookTickMs),
      async () => ((Date.now() - lastWebhookRun > 3600_000 || (await hasDueWebhooks(ctx.db))) ? 'due' : ''),
      () => false),
  );

  /**
   * Every `interval` ms: when `due()` names work and no worker of the job runs, start one. A run
   * that found nothing to do (a sender at its daily cap, in quiet hours) backs the job off, up
   * to a minute, while `due()` keeps naming the same work.
   */
  function trigger(name: JobName, at: { timeout: number; interval: number }, due: () => Promise<string>, foundNothing: (summary: Record<string, unknown>) => boolean) {
    let timer: NodeJS.Timeout | undefined;
    let startedWith = '';
    let idleWork = '';
    let backoffMs = at.interval;
    let retryAt = 0;
    let failing = false;
    const check = async () => {
      if (!running) return;
      try {
        if (!bree.workers.has(name)) {
          const work = await due();
          if (failing) { failing = false; log.info({ job: name }, 'scheduler can read the database again'); }
          if (work && !(work === idleWork && Date.now() < retryAt)) {
            startedWith = work;
            await bree.run(name);
          }
        }
      } catch (e) {
        // Said once, not every tick, while the database is away.
        if (!failing) log.warn({ job: name, err: e }, 'scheduler cannot check for work; retrying every tick');
        failing = true;
      }
      if (running) timer = setTimeout(() => void check(), at.interval);
    };
    timer = setTimeout(() => void check(), at.timeout);
    return {
      name,
      finished(summary: Record<string, unknown>) {
        if (!foundNothing(summary)) { idleWork = ''; backoffMs = at.interval; return; }
        idleWork = startedWith;
        backoffMs = Math.min(60_000, Math.max(at.interval, backoffMs * 2));
        retryAt = Date.now() + backoffMs;
      },
      stop() { clearTimeout(timer); },
    };
  }
  log.info({ jobs: jobs.map((j) => j.name) }, 'scheduler started');

  return {
    async stop() {
      if (!running) return;
      running = false;
      for (const t of triggers) t.stop();
      dispatcher.beginStop();
      await bree.stop();
      await dispatcher.drain();
      log.info('scheduler stopped');
    },
    state: () => ({ running, jobs: [...states.values()].map((s) => ({ ...s })) }),
    async run(name) { await bree.run(name); },
  };
}
