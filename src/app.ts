// `wa-chatops start`: one process holding the gateway, the command router, the scheduler
// and the console (DESIGN.md §1). Stops in reverse order so no row is left half-written.
import { sendThroughSession } from './channels/send-once.js';
import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { createConsoleApp } from './console/app.js';
import { issueSetupToken } from './console/setup-token.js';
import type { Ctx } from './context.js';
import { connectDatabase, type Database } from './db/connect.js';
import { StartAbortedError } from './db/embedded.js';
import { recordSandboxPacing } from './campaigns/sandbox-pacing.js';
import { applyReceipt } from './dispatch/receipts.js';
import { ReceiptQueue } from './dispatch/receipt-queue.js';
import { sendViaOperatorSession } from './dispatch/notify-owner.js';
import { recordContactWrote, recordReachoutState, tellReachoutPause } from './gateway/reachout-lock.js';
import { SessionManager } from './gateway/session-manager.js';
import { ensureSandboxOperatorSession } from './senders/ensure-sandbox-operator.js';
import type { Logger } from './logger.js';
import { createMetrics } from './metrics/metrics.js';
import { createRouter, type Router } from './router/router.js';
import { handleRecorded, recoverInbound } from './router/handle-inbound.js';
import type { InboundMessage, Receipt } from './gateway/channel.js';
import { recordIncomingCall } from './replies/calls.js';
import { createMailer } from './mailer.js';
import { checkClosedSenders, checkSilentSenders, followSenderStatus } from './senders/sender-health.js';
import { startScheduler, type Scheduler } from './scheduler.js';

export interface RunningApp {
  ctx: Ctx;
  sessions: SessionManager;
  router: Router;
  scheduler?: Scheduler;
  server: Server;
  port: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** A database already being opened (`start` boots PostgreSQL while this module loads). */
  database?: Promise<Database>;
  /** A stop asked for during the start: what was started is stopped, and StartAbortedError thrown. */
  signal?: AbortSignal;
}

export async function startApp(config: Config, log: Logger, opts: StartOptions = {}): Promise<RunningApp> {
  const started = Date.now();
  const database = await (opts.database ?? connectDatabase(config, log, { signal: opts.signal }));
  const checkAbort = () => { if (opts.signal?.aborted) throw new StartAbortedError('stopped during startup'); };
  const ctx: Ctx = { config, db: database.db, log, clock: systemClock };
  const ownerId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const stops: Array<() => Promise<void>> = [];

  try {
    checkAbort();
    await recordSandboxPacing(database.db, config.sandboxPacingMs);
    let scheduler: Scheduler | undefined;
    const metrics = createMetrics(ctx, { jobs: () => scheduler?.state().jobs ?? [] });
    const sessions = new SessionManager(ctx, { ownerId });
    if (config.waTransport === 'sandbox') await ensureSandboxOperatorSession(ctx.db, config);
    const notify = sendViaOperatorSession(ctx.db, sessions);
    const router = await createRouter(ctx, {
      notifyOwner: notify,
      async reply(sessionId, toPhone, content, opts) {
        // An SMS / e-mail sender this process does not drive still takes one message (a demo).
        await sendThroughSession(ctx, sessions, sessionId, toPhone, content, { messageId: opts?.messageId, once: true, email: opts?.email });
      },
      observeCommand: metrics.observeCommand,
    });
    // Receipts first: a receipt that proves a send must land even while commands are busy.
    // A few at a time (src/dispatch/receipt-queue.ts), so they never take the whole pool.
    const receipts = new ReceiptQueue<Receipt>((r) => applyReceipt(ctx, r)
      .then((out) => (out.pausedSessionId ? tellReachoutPause(ctx, out.pausedSessionId, notify) : undefined))
      .catch((e) => log.error({ err: e, messageId: r.messageId }, 'receipt not recorded')));
    sessions.on('receipt', (r) => receipts.push(r));
    sessions.on('reachout', (s) => { recordReachoutState(ctx, s, notify).catch((e) => log.error({ err: e, sessionId: s.sessionId }, 'reach-out lock not recorded')); });
    const wrote = (m: InboundMessage) => recordContactWrote(ctx.db, m.sessionId, m.fromPhone, m.timestamp)
      .catch((e) => log.warn({ err: e, sessionId: m.sessionId }, 'could not record who wrote'));
    // The channel has written the message to the journal; it is marked handled once handled.
    sessions.on('inbound', (m) => {
      void wrote(m);
      handleRecorded(ctx, router, m).catch((e) => log.error({ err: e, sessionId: m.sessionId, messageId: m.id }, 'inbound message not marked handled'));
    });
    // Senders that die quietly: the owner is told once per incident (chat, and e-mail when set).
    const tellHealth = { notify, mailer: createMailer(config, log) };
    sessions.on('status', ({ sessionId, status }) => {
      followSenderStatus(ctx, sessionId, status, tellHealth).catch((e) => log.warn({ err: e, sessionId }, 'sender health not recorded'));
    });
    // A call was rejected by the channel: kept for the digest, the caller texted once a day.
    sessions.on('call', (c) => {
      recordIncomingCall(ctx, c)
        .then((text) => (text ? sessions.channel(c.sessionId)?.send(c.fromJid, { kind: 'text', text }) : undefined))
        .catch((e) => log.warn({ err: e, sessionId: c.sessionId }, 'could not answer a call'));
    });
    checkAbort();
    await sessions.start();
    stops.push(() => sessions.stop());
    // After the sessions (their last receipts are in), before the pool closes.
    stops.splice(stops.length - 1, 0, () => receipts.drained());
    checkAbort();
    // Messages a crash left unhandled: at start, then every few seconds (sessions taken later).
    let recovering: Promise<unknown> | undefined;
    const recover = () => (recovering ??= recoverInbound(ctx, router, sessions.ownedSessionIds(), wrote)
      .then(() => checkClosedSenders(ctx, sessions.ownedSessionIds(), tellHealth))
      .then(() => checkSilentSenders(ctx, sessions, tellHealth))
      .catch((e) => log.error({ err: e }, 'recovering unhandled inbound messages failed'))
      .finally(() => { recovering = undefined; }));
    void recover();
    const recoverTimer = setInterval(recover, Math.max(500, Math.min(10_000, Math.floor(config.inboundRecoverAfterMs / 2))));
    recoverTimer.unref();
    stops.push(async () => { clearInterval(recoverTimer); await recovering; });

    if (config.schedulerEnabled) {
      scheduler = await startScheduler(ctx, { sessions });
      // Stopped before the sessions: no batch is handed to a socket that is closing.
      stops.push(() => scheduler!.stop());
      checkAbort();
    }

    const app = createConsoleApp(ctx, {
      sessions,
      api: { sendWhatsApp: notify },
      schedulerState: scheduler ? () => scheduler!.state() : undefined,
    });
    const server = await new Promise<Server>((resolve, reject) => {
      // /metrics beside the console, outside its sessions, CSRF and login.
      const s = createServer((req, res) => { if (!metrics.handle(req, res)) app(req, res); });
      s.listen(config.port, config.host, () => resolve(s));
      s.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
    // Issued before "ready": whoever waits for ready (a supervisor, a test) may signal at once.
    const setupToken = await issueSetupToken(ctx);
    log.info({ port, host: config.host, ownerId, ms: Date.now() - started }, `wa-chatops ready: console on http://${shown}:${port}/`);
    // One-time and worthless once the first admin exists, so the log is where it belongs.
    if (setupToken) log.warn(`first-run setup: no console user exists yet. Open http://${shown}:${port}/setup and enter this one-time setup token: ${setupToken}`);

    let stopping: Promise<void> | undefined;
    const stop = () => (stopping ??= (async () => {
      log.info('stopping: console, then scheduler and sessions, then database');
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 3000).unref();
      });
      for (const s of stops.reverse()) await s().catch((e) => log.error({ err: e }, 'stop step failed'));
      await database.close();
      log.info('stopped');
    })());
    return { ctx, sessions, router, scheduler, server, port, stop };
  } catch (e) {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    await database.close();
    throw e;
  }
}
