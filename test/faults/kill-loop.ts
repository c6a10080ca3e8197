// The SIGKILL experiment shared by the quick suite (test/jobs) and the fault suite: run a
// sandbox campaign in real `wa-chatops start` processes, kill -9 them at random moments,
// restart, and finally let one process finish. crashReport() says what the database shows.
import { expect } from 'chai';
import { findLedgerViolations } from '../../src/credits.js';
import type { Db } from '../../src/db/database.js';
import { waitFor } from '../helpers/wait-for.js';
import { killApp, startApp, type AppProcess } from './app-process.js';

export async function campaignSettled(db: Db, campaignId: number): Promise<boolean> {
  const open = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND status IN ('queued', 'sending')`, [campaignId]);
  return open!.n === 0;
}

async function progress(db: Db, campaignId: number): Promise<number> {
  return (await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND status <> 'queued'`, [campaignId]))!.n;
}

/**
 * Starts a process, kills it (SIGKILL) a random time in [minMs, maxMs] after it starts sending, and repeats
 * `kills` times (fewer if the campaign settles first); then one last process finishes.
 * Returns how many processes were killed while the campaign still had open rows.
 */
export async function killLoop(opts: { db: Db; url: string; campaignId: number; kills: number; minMs: number; maxMs: number;
  env?: Record<string, string>; settleMs?: number }): Promise<{ kills: number; progressAtKills: number[] }> {
  const progressAtKills: number[] = [];
  for (let i = 0; i < opts.kills; i++) {
    if (await campaignSettled(opts.db, opts.campaignId)) break;
    const child = await startApp(opts.url, opts.env);
    // Kill while sending, not during start-up or a lease wait: once this process has moved
    // rows, at a random moment after that.
    const from = await progress(opts.db, opts.campaignId);
    await waitFor(async () => (await progress(opts.db, opts.campaignId)) > from || (await campaignSettled(opts.db, opts.campaignId)), 'sending to resume', 60_000, 200)
      .catch(async (e) => { await killApp(child, 'SIGKILL'); throw e; });
    await new Promise((r) => setTimeout(r, opts.minMs + Math.random() * (opts.maxMs - opts.minMs)));
    await killApp(child, 'SIGKILL');
    progressAtKills.push(await progress(opts.db, opts.campaignId));
  }
  const last: AppProcess = await startApp(opts.url, opts.env);
  try {
    await waitFor(() => campaignSettled(opts.db, opts.campaignId), 'the campaign to settle', opts.settleMs ?? 180_000, 200);
  } finally {
    await killApp(last, 'SIGTERM');
  }
  return { kills: progressAtKills.length, progressAtKills };
}

/** Everything the crash-safety promise says, as numbers a test compares. */
export async function crashReport(db: Db, campaignId: number, accountId: number) {
  const q = async (sql: string) => (await db.one<{ n: number }>(sql, [campaignId]))!.n;
  const ledger = (await db.one<{ available: number; reserved: number; debited: number }>(
    `SELECT coalesce(sum(available_delta), 0)::int AS available, coalesce(sum(reserved_delta), 0)::int AS reserved,
            coalesce(-sum(reserved_delta) FILTER (WHERE kind = 'debit'), 0)::int AS debited
       FROM credit_ledger WHERE account_id = $1`, [accountId]))!;
  return {
    rows: await q('SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1'),
    // Recipients of this campaign that got more than one message (any sender, any process).
    doubled: await q(`SELECT count(*)::int AS n FROM (SELECT m.to_phone FROM sandbox_messages m WHERE m.direction = 'out'
                        AND m.to_phone IN (SELECT phone FROM outbox WHERE campaign_id = $1) GROUP BY m.to_phone HAVING count(*) > 1) d`),
    sendsToCampaignPhones: await q(`SELECT count(*)::int AS n FROM sandbox_messages m WHERE m.direction = 'out'
                        AND m.to_phone IN (SELECT phone FROM outbox WHERE campaign_id = $1)`),
    distinctPhonesSent: await q(`SELECT count(DISTINCT m.to_phone)::int AS n FROM sandbox_messages m WHERE m.direction = 'out'
                        AND m.to_phone IN (SELECT phone FROM outbox WHERE campaign_id = $1)`),
    notFinal: await q(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND status IN ('queued', 'sending')`),
    withoutReason: await q(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND status IN ('failed', 'uncertain', 'skipped') AND reason IS NULL`),
    sentWithoutProof: await q(`SELECT count(*)::int AS n FROM outbox o WHERE campaign_id = $1 AND status IN ('sent', 'delivered', 'read')
                        AND NOT EXISTS (SELECT 1 FROM sandbox_messages m WHERE m.wa_message_id = o.wa_message_id AND m.direction = 'out')`),
    uncertainButSent: await q(`SELECT count(*)::int AS n FROM outbox o WHERE campaign_id = $1 AND status = 'uncertain'
                        AND EXISTS (SELECT 1 FROM sandbox_messages m WHERE m.wa_message_id = o.wa_message_id)`),
    uncertain: await q(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND status = 'uncertain'`),
    uncertainNotRefunded: await q(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND status = 'uncertain' AND credit_state <> 'released'`),
    delivered: await q(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND status IN ('sent', 'delivered', 'read')`),
    failed: await q(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND status = 'failed'`),
    debitedRows: await q(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND credit_state = 'debited'`),
    campaignStatus: (await db.one<{ status: string }>('SELECT status FROM campaigns WHERE id = $1', [campaignId]))!.status,
    // The campaign's counters (migration 0460) against a full count of its rows: the
    // (status, reason) keys where they differ, e.g. "sent: counter 2990, rows 2991".
    countersOff: (await db.query<{ k: string; counter: number; rows: number }>(
      `SELECT coalesce(c.status || ' ' || c.reason, r.status || ' ' || r.reason) AS k, coalesce(c.n, 0)::int AS counter, coalesce(r.n, 0)::int AS rows
         FROM (SELECT status, reason, sum(n) AS n FROM campaign_counts WHERE campaign_id = $1 GROUP BY 1, 2 HAVING sum(n) <> 0) c
         FULL JOIN (SELECT status, CASE WHEN status IN ('failed', 'skipped') THEN coalesce(reason, '') ELSE '' END AS reason, count(*) AS n
                      FROM outbox WHERE campaign_id = $1 GROUP BY 1, 2) r ON r.status = c.status AND r.reason = c.reason
        WHERE c.n IS DISTINCT FROM r.n`, [campaignId])).map((d) => `${d.k.trim()}: counter ${d.counter}, rows ${d.rows}`),
    ledgerAvailable: ledger.available,
    ledgerReserved: ledger.reserved,
    ledgerDebited: ledger.debited,
  };
}

export type CrashReport = Awaited<ReturnType<typeof crashReport>>;

/** The figures line every fault test prints. */
export function figures(name: string, r: CrashReport, extra: Record<string, unknown> = {}): string {
  const lost = r.notFinal + Math.max(0, r.rows - r.delivered - r.uncertain - r.failed);
  const parts = { ...extra, 'messages checked': r.rows, 'duplicates found': r.doubled, 'rows lost': lost,
    sent: r.delivered, uncertain: r.uncertain, failed: r.failed, 'reserved left': r.ledgerReserved };
  return `      [figures] ${name}: ${Object.entries(parts).map(([k, v]) => `${k} ${v}`).join(', ')}`;
}

/**
 * The crash-safety promise (issue 6.3) for a campaign of `count` rows on an account that
 * started with `credits` (1 credit a message): nobody messaged twice, every row final with a
 * reason, every send proved, uncertain rows refunded and never sent, ledger balanced.
 */
export async function expectCrashSafe(db: Db, r: CrashReport, count: number, credits: number): Promise<void> {
  expect(r).to.include({ rows: count, doubled: 0, notFinal: 0, withoutReason: 0, sentWithoutProof: 0, uncertainButSent: 0,
    uncertainNotRefunded: 0, ledgerReserved: 0, campaignStatus: 'completed' });
  expect(r.countersOff, 'campaign counters against a full count').to.deep.equal([]);
  expect(r.sendsToCampaignPhones).to.equal(r.distinctPhonesSent);
  expect(r.delivered + r.uncertain + r.failed).to.equal(count);
  expect(r.delivered).to.be.greaterThan(0);
  expect(r.ledgerDebited).to.equal(r.debitedRows);
  expect(r.ledgerAvailable + r.ledgerDebited).to.equal(credits);
  expect(await findLedgerViolations(db)).to.deep.equal([]);
}
