// Scheduled starts and sending windows. A schedule is `campaigns.scheduled_at` (an instant; the
// owner's words were read in the account's time zone). Every launch check runs when the owner
// schedules and again at the start; the start (jobs/start-scheduled.ts) takes the account lock,
// then the campaign row only while it is still due, launches and clears the schedule in the same
// transaction, so with any number of processes a schedule starts at most once, and a crash before
// the commit leaves it due for the next run. A refused start clears that schedule only and tells
// whoever set it why, in their language.
import { DateTime } from 'luxon';
import type { Actor } from '../audit.js';
import { audit } from '../audit.js';
import type { Ctx } from '../context.js';
import { lockAccount } from '../credits.js';
import type { Queryable } from '../db/database.js';
import { msg, render, t as tr, type Msg } from '../i18n/t.js';
import { isLang, type Lang } from '../i18n/lang.js';
import { findCampaign, getCampaignById, type Campaign } from './campaigns.js';
import { CampaignNotFoundError, CampaignStateError, LaunchRefusedError } from './errors.js';
import { checkLaunchableInTx, launchLocked, type LaunchResult } from './launch.js';
import { statusName } from './status-name.js';
import type { SendingWindow } from './sending-window.js';

export { formatWindow, windowOf, type SendingWindow } from './sending-window.js';

/** The furthest ahead a start may be set: a typo in the year should not park a campaign for ever. */
export const MAX_SCHEDULE_DAYS = 90;

/** The zone an account's times are read and shown in (a loaded account row carries it). */
export function zoneOf(account: { timezone?: string | null } | undefined): string {
  return account?.timezone || 'UTC';
}

export async function accountZone(q: Queryable, accountId: number): Promise<string> {
  return zoneOf(await q.one<{ timezone: string }>('SELECT timezone FROM accounts WHERE id = $1', [accountId]));
}

/** "Friday 04.12.2026 10:00" in the zone, with the weekday in the reader's language. */
export function formatLocalTime(at: Date, zone: string, lang: Lang): string {
  const d = DateTime.fromJSDate(at, { zone });
  return tr(lang, 'time.local', { weekday: tr(lang, `time.weekday.${d.weekday}` as 'time.weekday.1'), date: d.toFormat('dd.MM.yyyy'), time: d.toFormat('HH:mm'), zone });
}

async function lockedCampaign(t: Queryable, accountId: number, name: string): Promise<Campaign> {
  await lockAccount(t, accountId);
  const c = await findCampaign(t, accountId, name, true);
  if (!c) throw new CampaignNotFoundError(name.trim());
  return c;
}

export interface ScheduleResult { campaign: Campaign; at: Date; previous: Date | null; zone: string }

/** Sets (or moves) a campaign's start; refuses with the launch's own reasons, checked now. */
export async function scheduleCampaign(ctx: Ctx, accountId: number, name: string, at: Date, actor: Actor, window?: SendingWindow | null): Promise<ScheduleResult> {
  const now = ctx.clock.now();
  if (at.getTime() < now.getTime() + 60_000) throw new CampaignStateError('draft', 'campaign.schedule.past', {});
  if (at.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * 86_400_000) throw new CampaignStateError('draft', 'campaign.schedule.too_far', { days: MAX_SCHEDULE_DAYS });
  return ctx.db.tx(async (t) => {
    const c = await lockedCampaign(t, accountId, name);
    await checkLaunchableInTx(ctx, t, c);
    // The member told when it starts; an API token's schedule tells the owner.
    const by = actor.type === 'member' ? actor.id ?? null : null;
    await t.exec(
      `UPDATE campaigns SET scheduled_at = $2, scheduled_by = $3, updated_at = now()${window !== undefined ? ', window_start_minute = $4, window_end_minute = $5' : ''} WHERE id = $1`,
      window !== undefined ? [c.id, at, by, window?.startMinute ?? null, window?.endMinute ?? null] : [c.id, at, by]);
    await audit(t, actor, 'campaign.schedule', accountId, { campaign: c.name, campaignId: c.id, at: at.toISOString(), previous: c.scheduled_at?.toISOString() ?? null });
    return { campaign: (await getCampaignById(t, c.id))!, at, previous: c.scheduled_at, zone: await accountZone(t, accountId) };
  });
}

export async function unscheduleCampaign(ctx: Ctx, accountId: number, name: string, actor: Actor): Promise<{ campaign: Campaign; was: Date; zone: string }> {
  return ctx.db.tx(async (t) => {
    const c = await lockedCampaign(t, accountId, name);
    if (!c.scheduled_at) throw new CampaignStateError(c.status, 'campaign.schedule.not_scheduled', { name: c.name });
    await t.exec('UPDATE campaigns SET scheduled_at = NULL, scheduled_by = NULL, updated_at = now() WHERE id = $1', [c.id]);
    await audit(t, actor, 'campaign.unschedule', accountId, { campaign: c.name, campaignId: c.id, was: c.scheduled_at.toISOString() });
    return { campaign: c, was: c.scheduled_at, zone: await accountZone(t, accountId) };
  });
}

/** Sets or clears a campaign's own sending window (not on a finished campaign). */
export async function setSendingWindow(ctx: Ctx, accountId: number, name: string, window: SendingWindow | null): Promise<Campaign> {
  return ctx.db.tx(async (t) => {
    const c = await findCampaign(t, accountId, name, true);
    if (!c) throw new CampaignNotFoundError(name.trim());
    if (c.status === 'completed' || c.status === 'cancelled') {
      throw new CampaignStateError(c.status, 'campaign.window.finished', { name: c.name, status: statusName(c.status) });
    }
    await t.exec('UPDATE campaigns SET window_start_minute = $2, window_end_minute = $3, updated_at = now() WHERE id = $1',
      [c.id, window?.startMinute ?? null, window?.endMinute ?? null]);
    return (await getCampaignById(t, c.id))!;
  });
}

export type StartOutcome =
  | { campaignId: number; accountId: number; name: string; started: LaunchResult }
  | { campaignId: number; accountId: number; name: string; refused: LaunchRefusedError };

export type SendText = (toPhone: string, text: string) => Promise<void>;

/** Whether any schedule is due (the main thread asks before it starts a worker). */
export async function hasDueSchedules(q: Queryable, now: Date): Promise<boolean> {
  return Boolean((await q.one<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM campaigns WHERE scheduled_at <= $1) AS any', [now]))?.any);
}

/** Whoever set the schedule (else the owner): number and language. */
async function scheduleContact(q: Queryable, accountId: number, memberId: number | null): Promise<{ phone: string; lang: Lang } | undefined> {
  const r = await q.one<{ phone: string; language: string }>(
    `SELECT m.phone, coalesce(m.language, a.language) AS language FROM members m JOIN accounts a ON a.id = m.account_id
      WHERE m.account_id = $1 AND (m.id = $2 OR m.role = 'owner') ORDER BY (m.id = $2) DESC, m.id LIMIT 1`, [accountId, memberId]);
  return r && { phone: r.phone, lang: isLang(r.language) ? r.language : 'en' };
}

/** Starts every schedule that is due; each in its own transaction, each told to its owner. */
export async function startDueSchedules(ctx: Ctx, send?: SendText, opts: { limit?: number; stop?: () => boolean } = {}): Promise<StartOutcome[]> {
  const limit = opts.limit ?? 50;
  const now = ctx.clock.now();
  const due = await ctx.db.query<{ id: number; account_id: number }>(
    'SELECT id, account_id FROM campaigns WHERE scheduled_at <= $1 ORDER BY scheduled_at, id LIMIT $2', [now, limit]);
  const outcomes: StartOutcome[] = [];
  for (const d of due) {
    if (opts.stop?.()) break;
    let memberId: number | null = null;
    const outcome = await ctx.db.tx(async (t): Promise<StartOutcome | undefined> => {
      await lockAccount(t, d.account_id);
      // Still due after the account lock: another process may have started it meanwhile.
      const c = await t.one<Campaign>(
        `SELECT c.*, l.name AS list_name FROM campaigns c LEFT JOIN contact_lists l ON l.id = c.list_id
          WHERE c.id = $1 AND c.scheduled_at <= $2 FOR UPDATE OF c SKIP LOCKED`, [d.id, now]);
      if (!c) return undefined;
      memberId = c.scheduled_by;
      const actor: Actor = { type: 'system', label: 'schedule' };
      await t.exec('SAVEPOINT scheduled_start');
      try {
        const started = await launchLocked(ctx, t, c, actor);
        return { campaignId: c.id, accountId: c.account_id, name: c.name, started };
      } catch (e) {
        if (!(e instanceof LaunchRefusedError)) throw e;
        await t.exec('ROLLBACK TO SAVEPOINT scheduled_start');
        await t.exec('UPDATE campaigns SET scheduled_at = NULL, updated_at = now() WHERE id = $1', [c.id]);
        await audit(t, actor, 'campaign.schedule_refused', c.account_id, { campaign: c.name, campaignId: c.id, reason: e.reason });
        return { campaignId: c.id, accountId: c.account_id, name: c.name, refused: e };
      }
    });
    if (!outcome) continue;
    outcomes.push(outcome);
    if ('started' in outcome) ctx.log.info({ accountId: outcome.accountId, campaignId: outcome.campaignId }, 'scheduled campaign started');
    else ctx.log.warn({ accountId: outcome.accountId, campaignId: outcome.campaignId, reason: outcome.refused.reason }, 'scheduled start refused');
    if (!send) continue;
    const notice: Msg = 'started' in outcome
      ? msg('notice.schedule.started', { name: outcome.name, recipients: outcome.started.recipients.toLocaleString('en-US'), credits: outcome.started.credits.toLocaleString('en-US') })
      : msg('notice.schedule.refused', { name: outcome.name, reason: msg(outcome.refused.code, outcome.refused.params) });
    try {
      const to = await scheduleContact(ctx.db, outcome.accountId, memberId);
      if (to) await send(to.phone, render(to.lang, notice));
    } catch (e) {
      ctx.log.warn({ err: e, campaignId: outcome.campaignId }, 'could not tell the owner about a scheduled start');
    }
  }
  return outcomes;
}
