// Bree, with the jobs in jobs/ (run from the compiled dist/jobs/*.js in worker threads).
// Workers get configuration through workerData and open their own pool; anything that needs
// a WhatsApp channel comes back to this thread as a request (owned-sessions, dispatch,
// send-whatsapp). stop(): no new sends, workers cancelled, batches in hand finished or requeued.
import Bree from 'bree';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ctx } from './context.js';
import type { ClaimedBatch } from './dispatch/claim.js';
import { Dispatcher } from './dispatch/dispatcher.js';
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

export type JobName = 'send-campaigns' | 'reconcile-sending' | 'retention-purge' | 'billing-reminders';

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
  const jobs = [
    { name: 'send-campaigns', ...timing('send-campaigns', 0, config.sendTickMs), closeWorkerAfterMs: sendBudgetMs + 5 * 60_000 },
    { name: 'reconcile-sending', ...timing('reconcile-sending', 0, Math.max(1000, Math.min(60_000, config.reconcileAfterMs / 2))), closeWorkerAfterMs: 10 * 60_000 },
    { name: 'retention-purge', ...timing('retention-purge', 5 * 60_000, DAY_MS), closeWorkerAfterMs: 6 * 3600_000 },
    { name: 'billing-reminders', ...timing('billing-reminders', 60_000, DAY_MS), closeWorkerAfterMs: 30 * 60_000 },
  ].map((j) => ({ ...j, path: path.join(JOBS_DIR, `${j.name}.js`) }));
  for (const j of jobs) states.set(j.name, { name: j.name, runs: 0 });

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
        else if (name !== 'send-campaigns' || message.summary?.batches) log.info({ job: name, ...message.summary }, 'job run');
      }
    },
  } as any);
  await bree.start();
  let running = true;
  log.info({ jobs: jobs.map((j) => j.name) }, 'scheduler started');

  return {
    async stop() {
      if (!running) return;
      running = false;
      dispatcher.beginStop();
      await bree.stop();
      await dispatcher.drain();
      log.info('scheduler stopped');
    },
    state: () => ({ running, jobs: [...states.values()].map((s) => ({ ...s })) }),
    async run(name) { await bree.run(name); },
  };
}
