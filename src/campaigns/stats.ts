// What happened to a campaign, from the outbox: counts per status, failures by reason,
// progress and an honest ETA; and the per-recipient CSV export.
import { Readable } from 'node:stream';
import type { Ctx } from '../context.js';
import { getCampaignById, type CampaignStatus } from './campaigns.js';
import { CampaignNotFoundError } from './errors.js';
import { estimateSeconds, healthySenders } from './pacing.js';

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'uncertain', 'skipped'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

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
}

export async function campaignStats(ctx: Ctx, campaignId: number): Promise<CampaignStats> {
  const c = await getCampaignById(ctx.db, campaignId);
  if (!c) throw new CampaignNotFoundError(String(campaignId));
  const rows = await ctx.db.query<{ status: OutboxStatus; reason: string | null; n: number }>(
    'SELECT status, reason, count(*)::int AS n FROM outbox WHERE campaign_id = $1 GROUP BY status, reason', [campaignId]);
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
  const toSend = total - counts.skipped;
  const pending = counts.queued + counts.sending;
  let etaSeconds: number | null = null;
  if (c.status === 'running') {
    const plan = await ctx.db.one<{ daily_limit: number }>(
      'SELECT p.daily_limit FROM accounts a JOIN plans p ON p.id = a.plan_id WHERE a.id = $1', [c.account_id]);
    etaSeconds = estimateSeconds(pending, await healthySenders(ctx.db, ctx.config, c.account_id, ctx.clock.now()), plan?.daily_limit ?? 0);
  }
  return {
    campaignId, name: c.name, status: c.status, total, counts, failedByReason, skippedByReason,
    progress: toSend > 0 ? (toSend - pending) / toSend : c.status === 'completed' ? 1 : 0,
    etaSeconds,
  };
}

const CSV_COLUMNS = ['phone', 'name', 'status', 'reason', 'sent_at', 'delivered_at', 'read_at', 'failed_at'] as const;
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
        `SELECT id, phone, name, status, reason, sent_at, delivered_at, read_at, failed_at
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
