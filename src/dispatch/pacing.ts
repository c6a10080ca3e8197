// Pacing rules of one sender: delay range, daily cap, warm-up ladder, quiet hours.
// Pure functions over the settings the claim query reads; the order of precedence is
// sender setting > plan setting > configuration, and sandbox senders skip the WhatsApp
// defaults (they take SANDBOX_PACING_MS and have no cap or ladder unless one is set).
import type { Config } from '../config.js';

export interface SenderSettings {
  transport: 'whatsapp' | 'sandbox';
  session: { pacing_min_ms: number | null; pacing_max_ms: number | null; daily_cap: number | null; warmup: boolean; warmup_ladder: number[] | null };
  plan: { pacing_min_ms: number | null; pacing_max_ms: number | null; sender_daily_cap: number | null; warmup_ladder: number[] | null };
  /** Whole days since the number was linked, in the account's time zone: 0 on the day it was linked, and 0 for a number never linked (its ladder starts when it links). */
  daysSinceLinked: number;
}

export type PacingConfig = Pick<Config, 'pacingMs' | 'sandboxPacingMs' | 'senderDailyCap' | 'warmupLadder'>;

/** Where the sender is on its warm-up ladder today; null when it has none or is past it. */
export interface WarmupStep { day: number; of: number; perDay: number }

export function pacingRange(config: PacingConfig, s: SenderSettings): [number, number] {
  if (s.session.pacing_min_ms !== null) return [s.session.pacing_min_ms, s.session.pacing_max_ms ?? s.session.pacing_min_ms];
  if (s.transport === 'sandbox') return config.sandboxPacingMs;
  if (s.plan.pacing_min_ms !== null) return [s.plan.pacing_min_ms, s.plan.pacing_max_ms ?? s.plan.pacing_min_ms];
  return config.pacingMs;
}

/** Messages this sender may send today, or null for "no per-sender limit". */
export function senderDailyLimit(config: PacingConfig, s: SenderSettings): number | null {
  const sandbox = s.transport === 'sandbox';
  const cap = s.session.daily_cap ?? s.plan.sender_daily_cap ?? (sandbox ? null : config.senderDailyCap);
  const step = warmupStep(config, s)?.perDay ?? null;
  if (cap === null) return step;
  return step === null ? cap : Math.min(cap, step);
}

export function warmupStep(config: PacingConfig, s: SenderSettings): WarmupStep | null {
  const ladder = s.session.warmup_ladder ?? s.plan.warmup_ladder ?? (s.transport === 'sandbox' ? null : config.warmupLadder);
  const day = Math.max(0, s.daysSinceLinked);
  if (!s.session.warmup || !ladder || day >= ladder.length) return null;
  return { day: day + 1, of: ladder.length, perDay: ladder[day]! };
}

/** A random whole delay in [min, max]: never a fixed gap between sends. */
export function randomDelay([min, max]: [number, number], random: () => number = Math.random): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** True when `hour` (0–23, the account's local time) falls in [start, end), wrapping midnight. */
export function inQuietHours(hour: number, start: number | null, end: number | null): boolean {
  if (start === null || end === null || start === end) return false;
  return start < end ? hour >= start && hour < end : hour >= start || hour < end;
}
