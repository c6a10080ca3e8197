// Sending like a person (issue 14 item 4), every default in one place with its reason. The
// community's ban lore (Baileys issues #1248, #1983, #2131; WAHA's "how to avoid blocking"):
// a fixed gap, instant sends and a steady stream all mark a number as a bot.
// - Before each WhatsApp campaign send the sender shows "typing…" for about as long as a
//   person would take to put the text in: TYPING_MS_PER_CHAR per character (20 characters a
//   second: a campaign text is pasted and touched up, not typed from scratch, and a minute of
//   "typing…" per message would cut a sender's day to a few hundred sends), at least
//   TYPING_MIN_MS (nobody sends in an instant), at most TYPING_MAX_MS, varied ±TYPING_JITTER.
// - Sends come in packages of PACKAGE_SIZE messages (a random size each time, so no rhythm
//   repeats), then a longer PACKAGE_PAUSE_MS break, like a person stopping for a while. A plan
//   may set its own sizes and pause (plans.package_size_*, plans.package_pause_*_ms).
// - Sandbox senders never type and never take package pauses, so SANDBOX_PACING_MS=0 keeps
//   tests and benchmarks at full speed; nor does a sender whose own delay is set to 0 (a test
//   or bench setup: packages pace a paced sender, they do not throttle an unpaced one).
import type { Queryable } from '../db/database.js';

export const TYPING_MS_PER_CHAR = 50;
export const TYPING_MIN_MS = 1_500;
export const TYPING_MAX_MS = 10_000;
export const TYPING_JITTER = 0.3;
export const PACKAGE_SIZE: readonly [number, number] = [20, 40];
export const PACKAGE_PAUSE_MS: readonly [number, number] = [120_000, 300_000];

export interface TypingSettings { msPerChar: number; minMs: number; maxMs: number; jitter: number }
export const DEFAULT_TYPING: TypingSettings = { msPerChar: TYPING_MS_PER_CHAR, minMs: TYPING_MIN_MS, maxMs: TYPING_MAX_MS, jitter: TYPING_JITTER };

const between = ([min, max]: readonly [number, number], random: () => number) => min + Math.floor(random() * (max - min + 1));

/** How long "typing…" shows before a text of this length: grows with it, bounded, never the same twice. */
export function typingMs(text: string, s: TypingSettings = DEFAULT_TYPING, random: () => number = Math.random): number {
  const base = Math.min(s.maxMs, Math.max(s.minMs, [...text].length * s.msPerChar));
  const varied = base * (1 - s.jitter + 2 * s.jitter * random());
  return Math.round(Math.min(s.maxMs, Math.max(s.minMs, varied)));
}

/**
 * Counts `sent` messages off the sender's current package and returns the extra pause (ms) to
 * add before its next send: 0 inside a package, a long break when the package is used up (and
 * a new package size is drawn). Called in the dispatcher's recording transaction.
 */
export async function takeFromPackage(t: Queryable, sessionId: number, sent: number, random: () => number = Math.random): Promise<number> {
  if (sent <= 0) return 0;
  const r = await t.one<{ package_left: number | null; size_min: number | null; size_max: number | null; pause_min: number | null; pause_max: number | null }>(
    `SELECT s.package_left, p.package_size_min AS size_min, p.package_size_max AS size_max,
            p.package_pause_min_ms AS pause_min, p.package_pause_max_ms AS pause_max
       FROM sender_sessions s LEFT JOIN accounts a ON a.id = s.account_id LEFT JOIN plans p ON p.id = a.plan_id
      WHERE s.id = $1`, [sessionId]);
  if (!r) return 0;
  const size: [number, number] = [r.size_min ?? PACKAGE_SIZE[0], r.size_max ?? r.size_min ?? PACKAGE_SIZE[1]];
  const pause: [number, number] = [r.pause_min ?? PACKAGE_PAUSE_MS[0], r.pause_max ?? r.pause_min ?? PACKAGE_PAUSE_MS[1]];
  let left = (r.package_left ?? between(size, random)) - sent;
  let pauseMs = 0;
  if (left <= 0) {
    pauseMs = between(pause, random);
    left = between(size, random);
  }
  await t.exec('UPDATE sender_sessions SET package_left = $2 WHERE id = $1', [sessionId, left]);
  return pauseMs;
}
