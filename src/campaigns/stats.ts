// What happened to a campaign, from the outbox: counts per status, failures by reason,
// progress and an honest ETA; and the per-recipient CSV export.
import { Readable } from 'node:stream';
import type { Ctx } from '../context.js';
import { campaignTexts, expandVariants } from '../content/variants.js';
import { getCampaignById, type CampaignStatus } from './campaigns.js';
import { CampaignNotFoundError } from './errors.js';
import type { Queryable } from '../db/database.js';
import { getAccountWithPlan } from '../sql/get-account-with-plan.js';
import { estimateSeconds, healthySenders } from './pacing.js';
import { OUTBOX_STATUSES, progressOf, type OutboxStatus, type Progress } from './progress.js';
import { getCampaignProgress, type CampaignCountsRow } from './sql/get-campaign-progress.js';

export { OUTBOX_STATUSES, type OutboxStatus };

export interface CampaignStats {
  campaignId: number;
  name: string;
  status: CampaignStatus;
  total: number;
  counts: Record<OutboxStatus, number>;
  failedByReason: Record<string, number>;
  skippedByReason: Record<string, number>;
  /** Messages that reached a final state, of those meant to be sent (0..1). */
  progress: number;
  /** Seconds left at the current pace while running; null when not running or no sender. */
  etaSeconds: number | null;
  /** Per variant (0-based) of a campaign with variation: recipients, sent (or better), read. Empty without variation. */
  variants: VariantCount[];
  /** Issue 16: counts per channel (a WhatsApp campaign with SMS fallback has two). */
  byChannel: Partial<Record<'whatsapp' | 'sms' | 'email', Record<OutboxStatus, number>>>;
}

export interface VariantCount {
  variant: number;
  /** The variant's template (text with its spintax choice made, variables left). */
  text: string;
  recipients: number;
  sent: number;
  read: number;
}

/** Recipients, sends and reads per variant, from the variant each outbox row recorded. */
export async function variantCounts(q: Queryable, c: { id: number; body: string; alternates: string[] }): Promise<VariantCount[]> {
  const variants = expandVariants(campaignTexts(c));
  if (variants.length <= 1) return [];
  // From the counters keyed by variant (migration 0500): a few rows whatever the campaign's size.
  const rows = await q.query<{ variant: number; recipients: number; sent: number; read: number }>(
    `SELECT variant::int AS variant, coalesce(sum(n) FILTER (WHERE status <> 'skipped'), 0)::int AS recipients,
            coalesce(sum(n) FILTER (WHERE status IN ('sent', 'delivered', 'read')), 0)::int AS sent,
            coalesce(sum(n) FILTER (WHERE status = 'read'), 0)::int AS read
       FROM campaign_counts WHERE campaign_id = $1 AND variant <> '' GROUP BY variant`, [c.id]);
  const by = new Map(rows.map((r) => [r.variant, r]));
  return variants.map((text, variant) => ({ variant, text, recipients: by.get(variant)?.recipients ?? 0, sent: by.get(variant)?.sent ?? 0, read: by.get(variant)?.read ?? 0 }));
}

export async function campaignStats(ctx: Ctx, campaignId: number): Promise<CampaignStats> {
  const c = await getCampaignById(ctx.db, campaignId);
  if (!c) throw new CampaignNotFoundError(String(campaignId));
  const rows = await ctx.db.query<{ status: OutboxStatus; reason: string | null; n: number }>(
    // The per-campaign counters (migration 0460): a few rows whatever the campaign's size.
    `SELECT status, nullif(reason, '') AS reason, sum(n)::int AS n FROM campaign_counts WHERE campaign_id = $1
      GROUP BY status, reason HAVING sum(n) <> 0`, [campaignId]);
  // Issue 16: per channel, only for campaigns that are not WhatsApp alone (counters keyed by channel, migration 0500).
  const byChannel: CampaignStats['byChannel'] = {};
  if (c.channel !== 'whatsapp' || c.sms_fallback !== 'none') {
    for (const r of await ctx.db.query<{ status: OutboxStatus; channel: 'whatsapp' | 'sms' | 'email'; n: number }>(
      `SELECT status, channel, sum(n)::int AS n FROM campaign_counts WHERE campaign_id = $1 AND channel <> ''
        GROUP BY status, channel HAVING sum(n) <> 0`, [campaignId])) {
      const per = (byChannel[r.channel] ??= Object.fromEntries(OUTBOX_STATUSES.map((st) => [st, 0])) as Record<OutboxStatus, number>);
      per[r.status] += r.n;
    }
  }
  const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
  const failedByReason: Record<string, number> = {};
  const skippedByReason: Record<string, number> = {};
  let total = 0;
  for (const r of rows) {
    counts[r.status] += r.n;
    total += r.n;
    if (r.status === 'failed') failedByReason[r.reason ?? 'unknown'] = (failedByReason[r.reason ?? 'unknown'] ?? 0) + r.n;
    if (r.status === 'skipped') skippedByReason[r.reason ?? 'unknown'] = (skippedByReason[r.reason ?? 'unknown'] ?? 0) + r.n;
  }
  const progress = progressOf(counts, c.status);
  let etaSeconds: number | null = null;
  if (c.status === 'running') {
    const account = await getAccountWithPlan(ctx.db, c.account_id);
    etaSeconds = estimateSeconds(progress.toSend - progress.done, await healthySenders(ctx.db, ctx.config, c.account_id, ctx.clock.now(), c.channel), account?.plan.daily_limit ?? 0);
  }
  const variants = await variantCounts(ctx.db, c);
  return { campaignId, name: c.name, status: c.status, total, counts, failedByReason, skippedByReason, progress: progress.fraction, etaSeconds, variants, byChannel };
}

/** The console's list: newest campaigns (of one account, or all) with their progress. */
export async function listCampaignProgress(q: Queryable, accountId: number | null): Promise<Array<Omit<CampaignCountsRow, 'counts'> & Progress & { total: number }>> {
  return (await getCampaignProgress(q, { accountId, limit: 200 })).map(({ counts, ...c }) => {
    const p = progressOf(counts, c.status);
    // A draft has no outbox rows yet: its size is its list's (what a launch would queue, before opt-outs).
    return { ...c, ...p, total: c.list_size ?? p.toSend };
  });
}

/** One rendered message of the campaign, to show what recipients got. */
export async function sampleMessage(q: Queryable, campaignId: number): Promise<{ phone: string; body: string | null } | undefined> {
  return q.one('SELECT phone, body FROM outbox WHERE campaign_id = $1 AND body IS NOT NULL ORDER BY id LIMIT 1', [campaignId]);
}

export interface TimelineSeries { name: 'sent' | 'delivered' | 'failed'; points: Array<{ at: Date; n: number }> }

/** Sends, deliveries and failures per time bucket (about 60 buckets over the campaign's span). */
export async function campaignTimeline(q: Queryable, campaignId: number): Promise<TimelineSeries[]> {
  const span = await q.one<{ t0: Date | null; t1: Date | null }>(
    `SELECT least(min(sent_at), min(failed_at)) AS t0, greatest(max(sent_at), max(delivered_at), max(failed_at)) AS t1 FROM outbox WHERE campaign_id = $1`, [campaignId]);
  if (!span?.t0 || !span.t1) return [];
  const bucketSeconds = Math.max(1, Math.ceil((span.t1.getTime() - span.t0.getTime()) / 1000 / 60));
  const rows = await q.query<{ kind: TimelineSeries['name']; at: Date; n: number }>(
    `SELECT kind, to_timestamp(floor(extract(epoch FROM at) / $2) * $2) AS at, count(*)::int AS n FROM (
        SELECT 'sent' AS kind, sent_at AS at FROM outbox WHERE campaign_id = $1 AND sent_at IS NOT NULL
        UNION ALL SELECT 'delivered', delivered_at FROM outbox WHERE campaign_id = $1 AND delivered_at IS NOT NULL
        UNION ALL SELECT 'failed', failed_at FROM outbox WHERE campaign_id = $1 AND failed_at IS NOT NULL) e
      GROUP BY 1, 2 ORDER BY 2`, [campaignId, bucketSeconds]);
  return (['sent', 'delivered', 'failed'] as const).map((name) => ({ name, points: rows.filter((r) => r.kind === name).map((r) => ({ at: r.at, n: r.n })) }));
}

// channel and email (issue 16) come last, so readers of the older columns are unaffected.
const CSV_COLUMNS = ['phone', 'name', 'status', 'reason', 'sent_at', 'delivered_at', 'read_at', 'failed_at', 'channel', 'email'] as const;
const PAGE = 5_000;

/** RFC 4180 quoting; a cell starting with = + - @ gets a ' so spreadsheets do not run it. */
function csvCell(v: unknown, isPhone: boolean): string {
  if (v === null || v === undefined) return '';
  let s = v instanceof Date ? v.toISOString() : String(v);
  if (!isPhone && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Per-recipient results as CSV, read page by page (keyset on id): any size, little memory. */
export function exportCampaignCsv(ctx: Ctx, campaignId: number): Readable {
  async function* rows(): AsyncGenerator<string> {
    yield CSV_COLUMNS.join(',') + '\r\n';
    let after = 0;
    for (;;) {
      const page = await ctx.db.query<Record<string, unknown> & { id: number }>(
        `SELECT id, phone, name, status, reason, sent_at, delivered_at, read_at, failed_at, channel, email
           FROM outbox WHERE campaign_id = $1 AND id > $2 ORDER BY id LIMIT $3`, [campaignId, after, PAGE]);
      if (!page.length) return;
      yield page.map((r) => CSV_COLUMNS.map((col) => csvCell(r[col], col === 'phone')).join(',')).join('\r\n') + '\r\n';
      after = page[page.length - 1]!.id;
    }
  }
  return Readable.from(rows());
}

/** Most lines the not-sent file of `status NAME details` carries (a chat attachment, not an export). */
export const NOT_SENT_LINES_MAX = 50_000;

/**
 * The recipients of a campaign that were not sent, one "phone,status,reason" line each
 * (not on WhatsApp, opted out, failed, uncertain), at most NOT_SENT_LINES_MAX.
 */
export async function notSentLines(ctx: Ctx, campaignId: number): Promise<{ lines: string[]; total: number }> {
  const rows = await ctx.db.query<{ phone: string; status: string; reason: string | null; total: number }>(
    `SELECT phone, status, reason, count(*) OVER ()::int AS total FROM outbox
      WHERE campaign_id = $1 AND status IN ('skipped', 'failed', 'uncertain')
      ORDER BY id LIMIT $2`, [campaignId, NOT_SENT_LINES_MAX]);
  return { lines: rows.map((r) => [r.phone, r.status, csvCell(r.reason, false)].join(',')), total: rows[0]?.total ?? 0 };
}
