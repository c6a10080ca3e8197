// What every consumer of a sender's pacing needs, from the one query: the settings the
// pacing rules (src/dispatch/pacing.ts) take, and today's count, cap and warm-up step.
// WA_TRANSPORT=sandbox runs every sender on the sandbox, so every sender paces as one.
import type { Config } from '../config.js';
import type { Queryable } from '../db/database.js';
import {
  pacingRange, senderDailyLimit, warmupStep, type PacingConfig, type SenderSettings, type WarmupStep,
} from '../dispatch/pacing.js';
import { getPacingInputs, type PacingInputsFilter, type PacingInputsRow } from './sql/get-pacing-inputs.js';

export type SenderPacingConfig = PacingConfig & Pick<Config, 'waTransport'> & Partial<Pick<Config, 'channels'>>;

export interface PacingInputs {
  sessionId: number;
  accountId: number | null;
  /** What the sender sends (issue 16). */
  channel: 'whatsapp' | 'sms' | 'email';
  localDay: string;
  localHour: number;
  daysSinceLinked: number;
  sentToday: number;
  settings: SenderSettings;
  pacingMs: [number, number];
  /** Today's limit of this sender (cap or warm-up step); null = none. */
  capToday: number | null;
  warmupStep: WarmupStep | null;
  canSend: boolean;
  consecutiveErrors: number;
  planDailyLimit: number | null;
  quietHours: { start: number | null; end: number | null };
  numberChecksPerHour: number;
  reachoutLocked: boolean;
}

export function toPacingInputs(config: SenderPacingConfig, r: PacingInputsRow): PacingInputs {
  const settings: SenderSettings = {
    transport: config.waTransport === 'sandbox' || r.transport === 'sandbox' ? 'sandbox' : 'whatsapp',
    session: { pacing_min_ms: r.pacing_min_ms, pacing_max_ms: r.pacing_max_ms, daily_cap: r.daily_cap, warmup: r.warmup, warmup_ladder: r.warmup_ladder },
    plan: { pacing_min_ms: r.plan_pacing_min_ms, pacing_max_ms: r.plan_pacing_max_ms, sender_daily_cap: r.plan_sender_daily_cap, warmup_ladder: r.plan_warmup_ladder },
    daysSinceLinked: r.days_since_linked,
  };
  const channel = r.channel ?? 'whatsapp';
  // An SMS bind or SMTP account paces by its provider's throughput, not a human rhythm, has
  // no warm-up ladder, and its cap is per bind / account (issue 16).
  const other = channel !== 'whatsapp';
  const otherPacing: [number, number] = r.pacing_min_ms !== null ? [r.pacing_min_ms, r.pacing_max_ms ?? r.pacing_min_ms] : config.channels?.smsEmailPacingMs ?? [0, 0];
  return {
    sessionId: r.id, accountId: r.account_id, channel, localDay: r.local_day, localHour: r.local_hour,
    daysSinceLinked: r.days_since_linked, sentToday: r.sent_today, settings,
    pacingMs: other ? otherPacing : pacingRange(config, settings),
    capToday: other ? r.daily_cap ?? config.channels?.smsEmailDailyCap ?? null : senderDailyLimit(config, settings),
    warmupStep: other ? null : warmupStep(config, settings),
    canSend: r.can_send, consecutiveErrors: r.consecutive_errors, planDailyLimit: r.daily_limit,
    quietHours: { start: r.quiet_start_hour, end: r.quiet_end_hour },
    numberChecksPerHour: r.number_checks_per_hour, reachoutLocked: r.reachout_locked,
  };
}

export async function readPacingInputs(q: Queryable, config: SenderPacingConfig, at: Date, filter: PacingInputsFilter): Promise<PacingInputs[]> {
  return (await getPacingInputs(q, at, filter)).map((r) => toPacingInputs(config, r));
}

/** "day 2 of 6 (50 a day)" */
export function describeWarmupStep(step: WarmupStep | null): string | null {
  return step ? `day ${step.day} of ${step.of} (${step.perDay} a day)` : null;
}
