// The SIGKILL experiment shared by the quick suite (test/jobs) and the fault suite:
// run a sandbox campaign in real processes, kill -9 them at random moments, restart,
// and finally let one process finish. Returns what the database says happened.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../src/db/database.js';

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker-process.js');

export function startWorkerProcess(url: string, sessionIds: number[], env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(process.execPath, [WORKER], {
    env: { ...process.env, DATABASE_URL: url, SESSION_IDS: sessionIds.join(','), SEND_TICK_MS: '100', RECONCILE_AFTER_MS: '1500',
      LEASE_MS: '1000', SEND_BATCH: '3', LOG_LEVEL: 'error', SCHEDULER: 'on', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker process did not start within 30 s')), 30_000);
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('ready')) { clearTimeout(timer); resolve(child); } });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`worker process exited early (${code})`)); });
  });
}

export function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export async function campaignSettled(db: Db, campaignId: number): Promise<boolean> {
  const open = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND status IN ('queued', 'sending')`, [campaignId]);
  return open!.n === 0;
}

export async function killLoop(opts: { db: Db; url: string; sessionIds: number[]; campaignId: number; kills: number; minMs: number; maxMs: number }): Promise<void> {
  for (let i = 0; i < opts.kills; i++) {
    if (await campaignSettled(opts.db, opts.campaignId)) break;
    const child = await startWorkerProcess(opts.url, opts.sessionIds);
    await new Promise((r) => setTimeout(r, opts.minMs + Math.random() * (opts.maxMs - opts.minMs)));
    await kill(child, 'SIGKILL');
  }
  const last = await startWorkerProcess(opts.url, opts.sessionIds);
  try {
    await waitFor(() => campaignSettled(opts.db, opts.campaignId), 90_000, 'the campaign to settle');
  } finally {
    await kill(last, 'SIGTERM');
  }
}

/** Everything the crash-safety promise says, as numbers a test compares. */
export async function crashReport(db: Db, campaignId: number, accountId: number) {
  const q = async (sql: string) => (await db.one<{ n: number }>(sql, [campaignId]))!.n;
  return {
    rows: await q('SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1'),
    doubled: await q(`SELECT count(*)::int AS n FROM (SELECT m.to_phone FROM sandbox_messages m JOIN outbox o ON o.wa_message_id = m.wa_message_id
                        WHERE o.campaign_id = $1 AND m.direction = 'out' GROUP BY m.to_phone HAVING count(*) > 1) d`),
    sendsToCampaignPhones: await q(`SELECT count(*)::int AS n FROM sandbox_messages m WHERE m.direction = 'out'
                        AND m.to_phone IN (SELECT phone FROM outbox WHERE campaign_id = $1)`),
    distinctPhonesSent: await q(`SELECT count(DISTINCT m.to_phone)::int AS n FROM sandbox_messages m WHERE m.direction = 'out'
                        AND m.to_phone IN (SELECT phone FROM outbox WHERE campaign_id = $1)`),
    notFinal: await q(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND status IN ('queued', 'sending')`),
    withoutReason: await q(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND status IN ('failed', 'uncertain') AND reason IS NULL`),
    sentWithoutProof: await q(`SELECT count(*)::int AS n FROM outbox o WHERE campaign_id = $1 AND status IN ('sent', 'delivered', 'read')
                        AND NOT EXISTS (SELECT 1 FROM sandbox_messages m WHERE m.wa_message_id = o.wa_message_id)`),
    uncertainButSent: await q(`SELECT count(*)::int AS n FROM outbox o WHERE campaign_id = $1 AND status = 'uncertain'
                        AND EXISTS (SELECT 1 FROM sandbox_messages m WHERE m.wa_message_id = o.wa_message_id)`),
    uncertain: await q(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND status = 'uncertain'`),
    delivered: await q(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND status IN ('sent', 'delivered', 'read')`),
    debitedRows: await q(`SELECT count(*)::int AS n FROM outbox WHERE campaign_id = $1 AND credit_state = 'debited'`),
    ledgerReserved: (await db.one<{ n: number }>('SELECT coalesce(sum(reserved_delta), 0)::int AS n FROM credit_ledger WHERE account_id = $1', [accountId]))!.n,
    ledgerDebited: (await db.one<{ n: number }>(`SELECT coalesce(-sum(reserved_delta), 0)::int AS n FROM credit_ledger WHERE account_id = $1 AND kind = 'debit'`, [accountId]))!.n,
  };
}
