// `wa-chatops start`, kept lean so a restart is quick: the signal handlers go in before anything
// is spawned, the embedded PostgreSQL starts while the rest of the app's modules load, and a
// SIGTERM/SIGINT at any moment — during startup too — ends the app and its database.
// The launcher (bin/wa-chatops.js) imports this module directly for a plain `start`.
import type { RunningApp } from '../app.js';
import type { Database } from '../db/connect.js';
import { killStartedServers } from '../db/embedded.js';
import { createLogger } from '../logger.js';
import { cliConfig } from './run-with-db.js';
import { launchedByNpm, watchLauncher } from './watch-launcher.js';

/** After the first signal the stop gets this long before the database is stopped hard and we exit. */
const STOP_BUDGET_MS = 8000;

export async function runStart(): Promise<void> {
  const config = cliConfig();
  const log = createLogger({ level: config.logLevel, pretty: config.logPretty, file: config.logFile });
  const abort = new AbortController();
  let app: RunningApp | undefined;
  let database: Promise<Database> | undefined;
  let firstSignalAt = 0;

  const exitWhenStopped = (p: Promise<void>) => p.then(() => process.exit(0), (e) => { log.error({ err: e }, 'shutdown failed'); process.exit(1); });
  const onSignal = (sig: NodeJS.Signals) => {
    // A second signal forces the exit, but not one that merely echoes the first
    // (process managers and `timeout` forward the same signal to the whole group).
    if (firstSignalAt && Date.now() - firstSignalAt > 2000) {
      log.warn(`${sig} again: exiting at once`);
      killStartedServers();
      process.exit(130);
      return;
    }
    if (firstSignalAt) return;
    firstSignalAt = Date.now();
    log.info({ signal: sig, during: app ? undefined : 'startup' }, 'shutting down');
    abort.abort();
    // A stop that hangs (a worker that will not end, a stuck query) must not keep PostgreSQL alive.
    setTimeout(() => {
      log.error({ ms: STOP_BUDGET_MS }, 'shutdown is taking too long: stopping the database hard and exiting');
      killStartedServers();
      process.exit(1);
    }, STOP_BUDGET_MS).unref();
    // During startup, the start notices the abort at its next step and undoes what it did.
    if (app) exitWhenStopped(app.stop());
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  if (launchedByNpm()) watchLauncher(log, () => onSignal('SIGTERM'));

  try {
    // PostgreSQL boots in its own process while this one loads the app (~1–2 s of modules).
    const { connectDatabase } = await import('../db/connect.js');
    database = connectDatabase(config, log, { signal: abort.signal });
    database.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
    const { startApp } = await import('../app.js');
    app = await startApp(config, log, { database, signal: abort.signal });
  } catch (e) {
    if (abort.signal.aborted) {
      await (database?.then((d) => d.close(), () => undefined));
      log.info('stopped');
      process.exit(0);
    }
    await (database?.then((d) => d.close(), () => undefined));
    throw e;
  }
  // A signal that came while the last step of the start ran.
  if (abort.signal.aborted) exitWhenStopped(app.stop());
}
