// What to do when a WhatsApp socket closes, by Baileys' DisconnectReason: the one place
// those codes are mapped to a session's fate.
import { DisconnectReason } from '@whiskeysockets/baileys';

export type ReconnectDecision =
  | { action: 'reconnect'; delayMs: number }
  | { action: 'relink'; reason: string }
  | { action: 'stop'; reason: string };

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  /** A connection open at least this long counts as stable and resets the backoff. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 5 * 60_000, stableMs: 60_000 };

/** Exponential backoff with full jitter, never below baseMs: attempt 0 → [base, base], 1 → [base, 2·base] … up to cap. */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(opts.baseMs + random() * (ceiling - opts.baseMs));
}

export function decideReconnect(code: number | undefined, attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF,
  random?: () => number): ReconnectDecision {
  switch (code) {
    case DisconnectReason.restartRequired: // 515: WhatsApp asks for a fresh socket, e.g. right after linking
      return { action: 'reconnect', delayMs: 0 };
    case DisconnectReason.loggedOut: // 401
      return { action: 'relink', reason: 'logged out from the phone (401)' };
    case DisconnectReason.forbidden: // 403
      return { action: 'relink', reason: 'WhatsApp refused this number (403); it may be banned' };
    case DisconnectReason.multideviceMismatch: // 411
      return { action: 'relink', reason: 'multi-device mismatch (411)' };
    case DisconnectReason.connectionReplaced: // 440
      return { action: 'stop', reason: 'another device or process took over this session (440)' };
    default:
      return { action: 'reconnect', delayMs: backoffDelay(attempt, opts, random) };
  }
}

/** Timers the channel uses for reconnects; tests pass a manual one so nothing sleeps. */
export interface Scheduler {
  setTimeout(fn: () => void, ms: number): { cancel(): void };
  now(): number;
}

export const realScheduler: Scheduler = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  },
  now: () => Date.now(),
};
