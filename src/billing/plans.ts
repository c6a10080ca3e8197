// Plans: price and period, daily message limit, senders allowed, minimum campaign size,
// API quota, credits per message, and the pacing settings every sender of the plan gets.
import { ConflictError, NotFoundError } from '../accounts.js';
import { audit, type Actor } from '../audit.js';
import type { Db, Queryable } from '../db/database.js';

export type Period = 'monthly' | 'quarterly' | 'yearly';
export const PERIODS: readonly Period[] = ['monthly', 'quarterly', 'yearly'];

export interface PlanRow {
  id: number; name: string; price_minor: number; currency: string; period: Period; daily_limit: number;
  senders_allowed: number; min_campaign_size: number; credits_per_message: number; api_quota_per_day: number;
  pacing_min_ms: number | null; pacing_max_ms: number | null; sender_daily_cap: number | null; warmup_ladder: number[] | null;
  /** Issue 16: credits of one SMS part and of one e-mail; daily limits per channel (null = daily_limit). */
  sms_credits_per_part?: number; email_credits_per_message?: number; sms_daily_limit?: number | null; email_daily_limit?: number | null;
}

export interface PlanInput {
  name?: string; priceMinor?: number; currency?: string; period?: Period; dailyLimit?: number; sendersAllowed?: number;
  minCampaignSize?: number; creditsPerMessage?: number; apiQuotaPerDay?: number;
  pacingMinMs?: number | null; pacingMaxMs?: number | null; senderDailyCap?: number | null; warmupLadder?: number[] | null;
}

const COLUMNS: Array<[keyof PlanInput, string]> = [
  ['name', 'name'], ['priceMinor', 'price_minor'], ['currency', 'currency'], ['period', 'period'], ['dailyLimit', 'daily_limit'],
  ['sendersAllowed', 'senders_allowed'], ['minCampaignSize', 'min_campaign_size'], ['creditsPerMessage', 'credits_per_message'],
  ['apiQuotaPerDay', 'api_quota_per_day'], ['pacingMinMs', 'pacing_min_ms'], ['pacingMaxMs', 'pacing_max_ms'],
  ['senderDailyCap', 'sender_daily_cap'], ['warmupLadder', 'warmup_ladder'],
];

function validate(p: PlanInput): void {
  if (p.name !== undefined && !p.name.trim()) throw new RangeError('a plan needs a name');
  if (p.period !== undefined && !PERIODS.includes(p.period)) throw new RangeError(`period must be one of ${PERIODS.join(', ')}, got "${p.period}"`);
  for (const [k] of COLUMNS) {
    const v = p[k];
    if (typeof v === 'number' && (!Number.isInteger(v) || v < 0)) throw new RangeError(`${k} must be a whole number ≥ 0, got ${v}`);
  }
  if (p.pacingMinMs != null && p.pacingMaxMs != null && p.pacingMaxMs < p.pacingMinMs) throw new RangeError('pacingMaxMs is below pacingMinMs');
  if (p.warmupLadder && p.warmupLadder.some((n) => !Number.isInteger(n) || n < 0)) throw new RangeError('warmupLadder holds whole numbers ≥ 0');
}

export async function listPlans(q: Queryable): Promise<PlanRow[]> {
  return q.query<PlanRow>('SELECT * FROM plans ORDER BY id');
}

export async function getPlan(q: Queryable, idOrName: number | string): Promise<PlanRow | undefined> {
  return typeof idOrName === 'number'
    ? q.one<PlanRow>('SELECT * FROM plans WHERE id = $1', [idOrName])
    : q.one<PlanRow>('SELECT * FROM plans WHERE lower(name) = lower($1)', [idOrName]);
}

export async function createPlan(db: Db, input: PlanInput & { name: string }, actor: Actor): Promise<PlanRow> {
  validate(input);
  const set = COLUMNS.filter(([k]) => input[k] !== undefined);
  return db.tx(async (t) => {
    if (await getPlan(t, input.name)) throw new ConflictError(`a plan named "${input.name}" exists`);
    const row = await t.one<PlanRow>(
      `INSERT INTO plans (${set.map(([, c]) => c).join(', ')}) VALUES (${set.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING *`,
      set.map(([k]) => (k === 'name' ? input.name.trim() : input[k])));
    await audit(t, actor, 'plan.create', null, { plan: row!.name });
    return row!;
  });
}

export async function updatePlan(db: Db, id: number, patch: PlanInput, actor: Actor): Promise<PlanRow> {
  validate(patch);
  const set = COLUMNS.filter(([k]) => patch[k] !== undefined);
  return db.tx(async (t) => {
    if (!(await getPlan(t, id))) throw new NotFoundError(`no plan ${id}`);
    if (set.length) {
      await t.exec(`UPDATE plans SET ${set.map(([, c], i) => `${c} = $${i + 2}`).join(', ')} WHERE id = $1`,
        [id, ...set.map(([k]) => patch[k])]);
    }
    await audit(t, actor, 'plan.update', null, { planId: id, changes: Object.fromEntries(set.map(([k]) => [k, patch[k]])) });
    return (await getPlan(t, id))!;
  });
}
