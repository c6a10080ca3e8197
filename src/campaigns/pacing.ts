// Honest time estimates: messages go one at a time per sender, at a random gap in [min, max]
// (mean (min+max)/2), within each sender's daily cap / warm-up step and the plan's daily
// limit. The pacing rules live in src/dispatch/pacing.ts and their inputs come from
// src/senders (the same query the claim uses); this only adds them up.
import type { Queryable } from '../db/database.js';
import { readPacingInputs, type SenderPacingConfig } from '../senders/pacing-inputs.js';
import { sandboxPacingInUse } from './sandbox-pacing.js';

export interface SenderPacing {
  id: number;
  meanGapMs: number;
  /** Today's cap of this sender (cap or warm-up step); null = none. */
  dailyLimit: number | null;
  /** Sent today (the account's local day) against that cap. */
  sentToday: number;
}

/** Senders that can send an account's campaigns now (open, not paused, purpose campaigns|both), as the claim sees them at `at`. */
export async function healthySenders(q: Queryable, config: SenderPacingConfig, accountId: number, at: Date,
  channel: 'whatsapp' | 'sms' | 'email' = 'whatsapp'): Promise<SenderPacing[]> {
  // Sandbox senders pace as the process that sends them (it recorded its SANDBOX_PACING_MS), not as this one.
  const sandboxPacingMs = (await sandboxPacingInUse(q)) ?? config.sandboxPacingMs;
  const senders = await readPacingInputs(q, { ...config, sandboxPacingMs }, at, { accountId });
  // Only senders of the campaign's channel send it (issue 16).
  return senders.filter((s) => s.canSend && s.channel === channel).map((s) => ({
    id: s.sessionId, meanGapMs: (s.pacingMs[0] + s.pacingMs[1]) / 2, dailyLimit: s.capToday, sentToday: s.sentToday,
  }));
}

/**
 * Seconds to send `messages` with these senders; null when there is no sender. Uses today's
 * caps for every day, so a warming-up number makes the estimate long rather than short.
 */
export function estimateSeconds(messages: number, senders: SenderPacing[], planDailyLimit: number): number | null {
  if (messages <= 0) return 0;
  if (!senders.length) return null;
  const perSecond = senders.reduce((sum, s) => sum + 1000 / Math.max(s.meanGapMs, 1), 0);
  const senderCaps = senders.reduce((sum, s) => sum + (s.dailyLimit ?? Infinity), 0);
  // Each full day sends what the limits (or the pace) allow; the rest goes on the last day.
  const perDay = Math.min(planDailyLimit, senderCaps, perSecond * 86_400);
  if (perDay <= 0) return null;
  const fullDays = Math.floor((messages - 1) / perDay);
  return Math.ceil(fullDays * 86_400 + (messages - fullDays * perDay) / perSecond);
}
