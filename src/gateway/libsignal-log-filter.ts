// libsignal (under Baileys) reports decryption trouble such as "Bad MAC" with console.error/
// console.info. Those lines are routine on WhatsApp; route them into pino, summarised.
import type { Logger } from '../logger.js';

const NOISE = /Bad MAC|Session error|Failed to decrypt|MessageCounterError|Closing open session|Closing session|Removing old closed session|No session record|Decrypted message with closed session/;
const SUMMARY_EVERY_MS = 60_000;

let installed: { log: Logger } | undefined;

/** Idempotent; the last logger given wins. */
export function filterLibsignalConsole(log: Logger): void {
  if (installed) { installed.log = log; return; }
  installed = { log };
  const state = installed;
  let suppressed = 0;
  let lastLine = 0;
  for (const method of ['error', 'warn', 'info', 'log'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const first = args[0] instanceof Error ? args[0].message : String(args[0] ?? '');
      if (!NOISE.test(first)) return original(...args);
      suppressed++;
      const now = Date.now();
      if (now - lastLine < SUMMARY_EVERY_MS) return;
      lastLine = now;
      state.log.debug({ sample: first.slice(0, 200), count: suppressed }, 'libsignal session noise (decryption retries are normal)');
      suppressed = 0;
    };
  }
}
