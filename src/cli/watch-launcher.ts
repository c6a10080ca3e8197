// `npm start` and `npx wa-chatops start` run us under `sh -c`: a SIGTERM to npm ends npm and
// its shell but never reaches this process, which would keep running with PostgreSQL as an
// orphan. When npm launched us, the launcher going away (our parent changes) counts as SIGTERM.
import type { Logger } from '../logger.js';

export function launchedByNpm(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.npm_execpath || env.npm_lifecycle_event);
}

/** Calls `onGone` once when the process that started us exits; returns a function that stops watching. */
export function watchLauncher(log: Logger, onGone: () => void, everyMs = 500): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    log.info({ launcher: parent }, 'the npm process that started us has exited: shutting down');
    onGone();
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
