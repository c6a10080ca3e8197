// Launch: every precondition checked with its own reason, then ONE transaction that locks the
// account, materialises the outbox with one INSERT … SELECT (each body rendered in SQL;
// suppressed numbers written as 'skipped' so the export can say why) and reserves the credits.
// A list holds each number once (UNIQUE (list_id, phone)), so the outbox gets no duplicate.
import { recordEvent } from '../webhooks/events.js';
import type { Actor } from '../audit.js';
import { audit } from '../audit.js';
import type { Ctx } from '../context.js';
import type { Queryable } from '../db/database.js';
import { getBalance, lockAccount, reserve } from '../credits.js';
import { checkBannedContent, loadBannedList } from '../content/banned-keywords.js';
import { messageToSql } from '../content/variants.js';
import { smsParts } from '../channels/sms-parts.js';
import { getAccountWithPlan } from '../sql/get-account-with-plan.js';
import { hasAcceptedCurrentTerms } from '../terms.js';
import { bannedInVariants, demoHash, findCampaign, type Campaign } from './campaigns.js';
import { CampaignNotFoundError, LaunchRefusedError, type LaunchRefusal } from './errors.js';
import { statusName } from './status-name.js';
import type { MessageKey, Params } from '../i18n/t.js';
import { estimateSeconds, healthySenders } from './pacing.js';
import { audienceSql, isRetarget, type AudienceOf } from './audience.js';

export interface LaunchEstimate {
  /** Messages that will be queued (list minus suppressed numbers). */
  recipients: number;
  skippedSuppressed: number;
  credits: number;
  /** At the current senders' pace and the plan's daily limit; null without a healthy sender. */
  estimatedSeconds: number | null;
}

export interface LaunchResult extends LaunchEstimate {
  campaignId: number;
  balanceAfter: { available: number; reserved: number };
}

interface PlanRow {
  status: string;
  min_campaign_size: number;
  credits_per_message: number;
  daily_limit: number;
  sms_credits_per_part?: number;
  email_credits_per_message?: number;
}

/** Credits of one message on the campaign's channel (an SMS: of one part; launch multiplies by its parts). */
function perMessage(plan: PlanRow, channel: Campaign['channel']): number {
  if (channel === 'sms') return plan.sms_credits_per_part ?? 1;
  if (channel === 'email') return plan.email_credits_per_message ?? 1;
  return plan.credits_per_message;
}

/** A contact is a recipient of an e-mail campaign only with an address; opted out by phone or by address (issue 16). */
const RECIPIENT_JOIN = `LEFT JOIN suppressions s ON s.account_id = $2 AND s.phone = c.phone
  LEFT JOIN email_suppressions es ON es.account_id = $2 AND es.email = lower(c.email)`;

async function planOf(q: Queryable, accountId: number): Promise<PlanRow> {
  const account = await getAccountWithPlan(q, accountId);
  if (!account) throw new Error(`account ${accountId} does not exist`);
  return { ...account.plan, status: account.status };
}

async function listCounts(q: Queryable, accountId: number, c: AudienceOf & { channel?: Campaign['channel'] }): Promise<{ contacts: number; suppressed: number }> {
  const from = audienceSql(c, 3);
  if (!from) return { contacts: 0, suppressed: 0 };
  return (await q.one<{ contacts: number; suppressed: number }>(
    `SELECT count(*)::int AS contacts, count(*) FILTER (WHERE s.phone IS NOT NULL OR es.email IS NOT NULL)::int AS suppressed
       FROM ${from.sql} c ${RECIPIENT_JOIN}
      WHERE ($1::text <> 'email' OR c.email IS NOT NULL)`, [c.channel ?? 'whatsapp', accountId, ...from.params]))!;
}

export async function estimateLaunch(ctx: Ctx, accountId: number, name: string): Promise<LaunchEstimate> {
  const c = await findCampaign(ctx.db, accountId, name);
  if (!c) throw new CampaignNotFoundError(name.trim());
  const plan = await planOf(ctx.db, accountId);
  const counts = await listCounts(ctx.db, accountId, c);
  const recipients = counts.contacts - counts.suppressed;
  const senders = await healthySenders(ctx.db, ctx.config, accountId, ctx.clock.now(), c.channel);
  return {
    recipients,
    skippedSuppressed: counts.suppressed,
    credits: recipients * perMessage(plan, c.channel) * (c.channel === 'sms' ? smsParts(c.body) : 1),
    estimatedSeconds: estimateSeconds(recipients, senders, plan.daily_limit),
  };
}

/**
 * What the campaign itself blocks a launch on, before any account check: already launched,
 * or no demo of its current text. The launch command asks this before it offers a code.
 */
export function campaignLaunchBlocker(c: Pick<Campaign, 'status' | 'body' | 'demo_body_hash'> & Partial<Pick<Campaign, 'alternates'>> & { media_sha256?: string | null }): 'wrong_state' | 'no_demo' | undefined {
  if (c.status === 'running' || c.status === 'paused' || c.status === 'completed' || c.status === 'cancelled') return 'wrong_state';
  if (c.status !== 'demo_sent' || c.demo_body_hash !== demoHash(c)) return 'no_demo';
  return undefined;
}

function refuse(reason: LaunchRefusal, code: MessageKey, details: Record<string, unknown> = {}, params: Params = {}): never {
  throw new LaunchRefusedError(reason, code, details, params);
}

/** Checks in the order an owner can fix them; throws LaunchRefusedError with the first failure. */
async function checkLaunchable(ctx: Ctx, t: Queryable, c: Campaign, plan: PlanRow, counts: { contacts: number; suppressed: number }): Promise<void> {
  const blocker = campaignLaunchBlocker(c);
  if (blocker === 'wrong_state') {
    refuse('wrong_state', 'campaign.launch.wrong_state', { status: c.status, campaign: c.name }, { name: c.name, status: statusName(c.status) });
  }
  if (plan.status !== 'active') refuse('suspended', 'campaign.launch.suspended');
  if (!(await hasAcceptedCurrentTerms(t, c.account_id))) refuse('terms_not_accepted', 'campaign.launch.terms_not_accepted');
  if (blocker === 'no_demo') {
    refuse('no_demo', 'campaign.launch.no_demo', { campaign: c.name }, { name: c.name });
  }
  const banned = bannedInVariants(c, await loadBannedList(t));
  if (banned) refuse('banned_content', 'campaign.launch.banned_content', { word: banned.word }, { word: banned.word });
  if (c.channel === 'email' && c.list_id !== null && counts.contacts === 0) refuse('too_small', 'campaign.launch.no_email_contacts', { contacts: 0 });
  if (c.list_id === null && !isRetarget(c)) refuse('too_small', 'campaign.launch.list_deleted', { contacts: 0, minimum: plan.min_campaign_size }, { name: c.name });
  if (counts.contacts < plan.min_campaign_size) {
    refuse('too_small', 'campaign.launch.too_small', { contacts: counts.contacts, minimum: plan.min_campaign_size },
      { contacts: counts.contacts, minimum: plan.min_campaign_size });
  }
  if (counts.contacts - counts.suppressed <= 0) refuse('too_small', 'campaign.launch.nobody_left', { contacts: counts.contacts });
  if (!(await healthySenders(t, ctx.config, c.account_id, ctx.clock.now(), c.channel)).length) {
    if (c.channel === 'whatsapp') refuse('no_healthy_sender', 'campaign.launch.no_healthy_sender');
    refuse('no_healthy_sender', 'campaign.launch.no_channel_sender', { channel: c.channel }, { channel: c.channel === 'sms' ? 'SMS' : 'e-mail' });
  }
  // An SMS is estimated by its template's parts; launch reserves each row's own (reserve() re-checks).
  const needed = (counts.contacts - counts.suppressed) * perMessage(plan, c.channel) * (c.channel === 'sms' ? smsParts(c.body) : 1);
  const balance = await getBalance(t, c.account_id);
  if (balance.available < needed) {
    refuse('insufficient_credits', 'campaign.launch.insufficient_credits', { needed, available: balance.available },
      { needed, available: balance.available, more: needed - balance.available });
  }
}

/**
 * Every check launchCampaign makes (state, suspension, terms, demo, banned words, size, sender,
 * credits), without launching: the launch command runs it before it offers a confirmation
 * code, so a code is only ever sent for a launch that would go ahead.
 */
export async function preflightLaunch(ctx: Ctx, accountId: number, name: string): Promise<LaunchEstimate> {
  const c = await findCampaign(ctx.db, accountId, name);
  if (!c) throw new CampaignNotFoundError(name.trim());
  const plan = await planOf(ctx.db, accountId);
  const counts = await listCounts(ctx.db, accountId, c);
  await checkLaunchable(ctx, ctx.db, c, plan, counts);
  return estimateLaunch(ctx, accountId, name);
}

/** The checks of a launch, in a transaction that holds the account lock (scheduling uses them too). */
export async function checkLaunchableInTx(ctx: Ctx, t: Queryable, c: Campaign): Promise<void> {
  await checkLaunchable(ctx, t, c, await planOf(t, c.account_id), await listCounts(t, c.account_id, c));
}

export async function launchCampaign(ctx: Ctx, accountId: number, name: string, actor: Actor): Promise<LaunchResult> {
  return ctx.db.tx(async (t) => {
    await lockAccount(t, accountId); // serialises launches, top-ups and debits of this account
    const c = await findCampaign(t, accountId, name, true);
    if (!c) throw new CampaignNotFoundError(name.trim());
    return launchLocked(ctx, t, c, actor);
  });
}

/**
 * The launch itself, in the caller's transaction, which holds the account lock and the
 * campaign row (launchCampaign, and the scheduled start in src/campaigns/schedule.ts).
 */
export async function launchLocked(ctx: Ctx, t: Queryable, c: Campaign, actor: Actor): Promise<LaunchResult> {
  const accountId = c.account_id;
  {
    const plan = await planOf(t, accountId);
    const counts = await listCounts(t, accountId, c);
    await checkLaunchable(ctx, t, c, plan, counts);

    // Each row's variant and its body, rendered by the SQL twin of renderMessage; each row holds
    // its own credits (issue 16): an SMS its parts times the part's price.
    const body = messageToSql(c, '$1', 5);
    const from = audienceSql(c, 5 + body.params.length)!;
    const made = (await t.one<{ queued: number; skipped: number; credits: number }>(
      `WITH ins AS (
         INSERT INTO outbox (campaign_id, account_id, phone, name, variables, body, variant, status, reason, credit_state, channel, email, credits, sms_parts)
         SELECT $1, $2, c.phone, c.name, c.variables,
                CASE WHEN NOT x.suppressed THEN r.body END,
                ${body.variantSql},
                CASE WHEN NOT x.suppressed THEN 'queued' ELSE 'skipped' END,
                CASE WHEN NOT x.suppressed THEN NULL ELSE 'suppressed' END,
                CASE WHEN NOT x.suppressed AND $3::int > 0 THEN 'reserved' ELSE 'none' END,
                $4::text, CASE WHEN $4::text = 'email' THEN c.email END,
                CASE WHEN x.suppressed THEN 0 WHEN $4::text = 'sms' THEN sms_parts(r.body) * $3::int ELSE $3::int END,
                CASE WHEN $4::text = 'sms' THEN sms_parts(r.body) END
           FROM ${from.sql} c ${RECIPIENT_JOIN}
          CROSS JOIN LATERAL (SELECT ${body.bodySql} AS body) r
          CROSS JOIN LATERAL (SELECT (s.phone IS NOT NULL OR es.email IS NOT NULL) AS suppressed) x
          WHERE ($4::text <> 'email' OR c.email IS NOT NULL)
         RETURNING status, credits)
       SELECT count(*) FILTER (WHERE status = 'queued')::int AS queued, count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
              coalesce(sum(credits) FILTER (WHERE status = 'queued'), 0)::int AS credits FROM ins`,
      [c.id, accountId, perMessage(plan, c.channel), c.channel, ...body.params, ...from.params],
    ))!;
    const credits = made.credits;
    // reserve() re-checks the balance under the account lock taken above.
    const balanceAfter = credits > 0 ? await reserve(t, accountId, credits, c.id, actor.label ?? actor.type) : await getBalance(t, accountId);
    await t.exec(
      `UPDATE campaigns SET status = 'running', recipients = $2, skipped = $3, credits_reserved = $4, launched_at = $5, updated_at = now(),
              scheduled_at = NULL
        WHERE id = $1`,
      [c.id, made.queued, made.skipped, credits, ctx.clock.now()],
    );
    await audit(t, actor, 'campaign.launch', accountId, { campaign: c.name, campaignId: c.id, recipients: made.queued, skipped: made.skipped, credits });
    await recordEvent(t, accountId, 'campaign.started', { campaign: c.name, campaign_id: c.id, recipients: made.queued, credits });
    const senders = await healthySenders(t, ctx.config, accountId, ctx.clock.now(), c.channel);
    ctx.log.info({ accountId, campaignId: c.id, recipients: made.queued, skipped: made.skipped, credits }, 'campaign launched');
    return {
      campaignId: c.id, recipients: made.queued, skippedSuppressed: made.skipped, credits,
      estimatedSeconds: estimateSeconds(made.queued, senders, plan.daily_limit), balanceAfter,
    };
  }
}
