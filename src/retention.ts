// Retention (RULES.md "Data"): message contents and recipient numbers older than
// MESSAGE_RETENTION_DAYS are anonymised with a keyed hash (so statistics still count
// distinct recipients); login events past LOGIN_RETENTION_DAYS and billing records past
// BILLING_RETENTION_YEARS are deleted. Batched, short transactions; idempotent; audited.
import { createHmac } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { dropCachedMedia } from './content/media.js';
import { sandboxFilesDir } from './gateway/sandbox-files.js';
import { deriveKey } from './secrets.js';
import { audit, SYSTEM } from './audit.js';
import type { Ctx } from './context.js';
import type { Queryable } from './db/database.js';

export interface RetentionCounts {
  outboxAnonymised: number;
  sandboxAnonymised: number;
  sentMessagesDeleted: number;
  inboundSeenDeleted: number;
  /** The inbound journal (src/gateway/inbound-journal.ts): message logs like any other. */
  inboundMessagesDeleted: number;
  /** Customers' replies, missed calls and owners' answers (issue 21): message logs. */
  repliesDeleted: number;
  numberChecksDeleted: number;
  senderContactsDeleted: number;
  lidMappingsDeleted: number;
  loginEventsDeleted: number;
  invoicesDeleted: number;
  paymentsDeleted: number;
  ledgerEntriesDeleted: number;
  /** Media files no campaign within the message retention period uses any more. */
  mediaFilesDeleted: number;
  /** Files the sandbox "sent" or was sent (DATA_DIR/sandbox-files): message logs like the rows that name them. */
  sandboxFilesDeleted: number;
}

const BATCH = 5000;
/** How long a number's onWhatsApp verdict is trusted (and kept). */
export const NUMBER_CHECK_DAYS = 30;

/**
 * RETENTION_HASH_KEY, else a key derived from the encryption key (ENCRYPTION_KEY or its file),
 * never stored in the database: with the key beside the hashes, anyone reading the database
 * could recover old numbers by hashing every possible number. (A key an earlier version kept
 * in settings is deleted once, by migration 0530.)
 */
export async function hashKey(ctx: Ctx): Promise<string> {
  return ctx.config.retentionHashKey ?? deriveKey(ctx.config, ctx.log, 'retention-hash');
}

/** The stand-in for a phone number: stable per number, not reversible without the key. */
export function anonymisePhone(key: string, phone: string): string {
  return 'anon:' + createHmac('sha256', key).update(phone).digest('hex').slice(0, 32);
}

async function inBatches(run: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await run();
    total += n;
    if (n < BATCH) return total;
  }
}

async function anonymiseOutbox(q: Queryable, key: string, cutoff: Date): Promise<number> {
  const rows = await q.query<{ id: number; phone: string }>(
    `SELECT id, phone FROM outbox WHERE created_at < $1 AND anonymised_at IS NULL
      ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`, [cutoff]);
  if (!rows.length) return 0;
  return q.exec(
    `UPDATE outbox o SET phone = u.anon, name = NULL, variables = '{}'::jsonb, body = NULL, anonymised_at = now()
       FROM unnest($1::bigint[], $2::text[]) AS u(id, anon) WHERE o.id = u.id`,
    [rows.map((r) => r.id), rows.map((r) => anonymisePhone(key, r.phone))]);
}

async function anonymiseSandbox(q: Queryable, key: string, cutoff: Date): Promise<number> {
  // Anonymised rows are recognisable by their body being gone and numbers starting "anon:".
  const rows = await q.query<{ id: number; from_phone: string | null; to_phone: string | null }>(
    `SELECT id, from_phone, to_phone FROM sandbox_messages
      WHERE created_at < $1 AND (body IS NOT NULL OR media IS NOT NULL OR to_phone NOT LIKE 'anon:%' OR from_phone NOT LIKE 'anon:%')
      ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`, [cutoff]);
  if (!rows.length) return 0;
  const anon = (p: string | null) => (p === null || p.startsWith('anon:') ? p : anonymisePhone(key, p));
  return q.exec(
    `UPDATE sandbox_messages m SET from_phone = u.f, to_phone = u.t, body = NULL, media = NULL
       FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(id, f, t) WHERE m.id = u.id`,
    [rows.map((r) => r.id), rows.map((r) => anon(r.from_phone)), rows.map((r) => anon(r.to_phone))]);
}

function deleteOld(q: Queryable, table: string, column: string, cutoff: Date, key = 'ctid'): Promise<number> {
  // table/column come from the fixed calls below, never from input.
  return q.exec(`DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE ${column} < $1 LIMIT ${BATCH})`, [cutoff]);
}

/**
 * Old ledger entries go, but balances must not move: each account gets one 'adjustment'
 * entry carrying the sum of what was removed. The ledger's trigger allows deleting only
 * rows older than the wa.billing_retention_years setting.
 */
async function deleteOldLedger(t: Queryable, cutoff: Date, years: string): Promise<number> {
  await t.query(`SELECT set_config('wa.billing_retention_years', $1, true)`, [years]);
  const gone = await t.query<{ account_id: number; available: number; reserved: number; n: number }>(
    `WITH gone AS (DELETE FROM credit_ledger WHERE id IN (
                     SELECT id FROM credit_ledger WHERE created_at < $1 AND kind <> 'adjustment' ORDER BY id LIMIT ${BATCH})
                   RETURNING account_id, available_delta, reserved_delta)
     SELECT account_id, sum(available_delta)::int AS available, sum(reserved_delta)::int AS reserved, count(*)::int AS n
       FROM gone GROUP BY account_id`, [cutoff]);
  for (const g of gone) {
    await t.exec(
      `INSERT INTO credit_ledger (account_id, kind, available_delta, reserved_delta, reference, actor)
       VALUES ($1, 'adjustment', $2, $3, $4, 'retention')`,
      [g.account_id, g.available, g.reserved, `carried forward: ${g.n} entries past the billing retention period`]);
  }
  return gone.reduce((n, g) => n + g.n, 0);
}

/**
 * A campaign's media goes with its messages: a campaign that ended (or a draft untouched)
 * before the cutoff lets go of its file, and files no campaign holds are deleted.
 */
async function purgeMedia(ctx: Ctx, cutoff: Date): Promise<number> {
  const gone = await purgeMediaRows(ctx.db, cutoff);
  await dropCachedMedia(ctx, gone);
  return gone.length;
}

async function purgeMediaRows(db: Ctx['db'], cutoff: Date): Promise<string[]> {
  return db.tx(async (t) => {
    await t.exec(
      `UPDATE campaigns SET media_sha256 = NULL
        WHERE media_sha256 IS NOT NULL AND (
              (status IN ('completed', 'cancelled') AND coalesce(completed_at, cancelled_at, updated_at) < $1)
           OR (status IN ('draft', 'demo_sent') AND updated_at < $1))`, [cutoff]);
    return (await t.query<{ sha256: string }>(
      `DELETE FROM media_files m WHERE m.created_at < $1
          AND NOT EXISTS (SELECT 1 FROM campaigns c WHERE c.account_id = m.account_id AND c.media_sha256 = m.sha256)
        RETURNING sha256`, [cutoff])).map((r) => r.sha256);
  });
}

/**
 * The sandbox's stored files (rejected-lines files, exports, media, attachments played in) go
 * by the message rule: a file older than the cutoff that no message row still names. Rows past
 * the cutoff lost their media reference when they were anonymised, so an old file is kept only
 * while a recent message sent the same content again. Temporary files of an interrupted write go too.
 */
async function purgeSandboxFiles(ctx: Ctx, cutoff: Date): Promise<number> {
  const dir = sandboxFilesDir(ctx.config);
  let names: string[];
  try { names = await fs.readdir(dir); } catch { return 0; } // the sandbox never stored a file
  const old: string[] = [];
  for (const name of names) {
    if (!/^[0-9a-f]{64}(?:\.\d+\.tmp)?$/.test(name)) continue; // not ours
    const st = await fs.stat(path.join(dir, name)).catch(() => undefined);
    if (st?.isFile() && st.mtime < cutoff) old.push(name);
  }
  if (!old.length) return 0;
  const hashes = old.filter((n) => !n.endsWith('.tmp'));
  const named = new Set((await ctx.db.query<{ sha: string }>(
    `SELECT DISTINCT coalesce(media->>'sha256', media_sha256) AS sha FROM sandbox_messages
      WHERE created_at >= $2 AND (media->>'sha256' = ANY($1::text[]) OR media_sha256 = ANY($1::text[]))`, [hashes, cutoff])).map((r) => r.sha));
  let deleted = 0;
  for (const name of old) {
    if (named.has(name)) continue;
    await fs.rm(path.join(dir, name), { force: true });
    deleted++;
  }
  return deleted;
}

export async function runRetentionPurge(ctx: Ctx): Promise<RetentionCounts> {
  const { db, config, clock } = ctx;
  const now = clock.now().getTime();
  const messageCutoff = new Date(now - config.messageRetentionDays * 86_400_000);
  const loginCutoff = new Date(now - config.loginRetentionDays * 86_400_000);
  const billingCutoff = new Date(clock.now());
  billingCutoff.setUTCFullYear(billingCutoff.getUTCFullYear() - config.billingRetentionYears);
  const key = await hashKey(ctx);
  const years = String(config.billingRetentionYears);

  const counts: RetentionCounts = {
    outboxAnonymised: await inBatches(() => db.tx((t) => anonymiseOutbox(t, key, messageCutoff))),
    sandboxAnonymised: await inBatches(() => db.tx((t) => anonymiseSandbox(t, key, messageCutoff))),
    sentMessagesDeleted: await inBatches(() => deleteOld(db, 'sent_messages', 'created_at', messageCutoff)),
    inboundSeenDeleted: await inBatches(() => deleteOld(db, 'inbound_seen', 'received_at', messageCutoff)),
    inboundMessagesDeleted: await inBatches(() => deleteOld(db, 'inbound_messages', 'received_at', messageCutoff)),
    repliesDeleted: await inBatches(() => deleteOld(db, 'customer_replies', 'received_at', messageCutoff))
      + await inBatches(() => deleteOld(db, 'missed_calls', 'called_at', messageCutoff))
      + await inBatches(() => deleteOld(db, 'owner_replies', 'created_at', messageCutoff)),
    senderContactsDeleted: await inBatches(() => deleteOld(db, 'sender_contacts', 'last_inbound_at', messageCutoff)),
    lidMappingsDeleted: await inBatches(() => deleteOld(db, 'lid_mappings', 'seen_at', messageCutoff))
      + await inBatches(() => deleteOld(db, 'pending_lid_opt_outs', 'received_at', messageCutoff)),
    numberChecksDeleted: await inBatches(() => deleteOld(db, 'number_checks', 'checked_at', new Date(now - NUMBER_CHECK_DAYS * 86_400_000))),
    loginEventsDeleted: await inBatches(() => deleteOld(db, 'login_events', 'at', loginCutoff)),
    paymentsDeleted: await inBatches(() => deleteOld(db, 'payments', 'created_at', billingCutoff)),
    invoicesDeleted: await inBatches(() => db.tx(async (t) => {
      const ids = await t.query<{ id: number }>(
        `SELECT id FROM invoices i WHERE created_at < $1 AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.invoice_id = i.id)
          LIMIT ${BATCH}`, [billingCutoff]);
      if (!ids.length) return 0;
      await t.exec('DELETE FROM billing_reminders WHERE invoice_id = ANY($1::int[])', [ids.map((r) => r.id)]);
      return t.exec('DELETE FROM invoices WHERE id = ANY($1::int[])', [ids.map((r) => r.id)]);
    })),
    ledgerEntriesDeleted: await inBatches(() => db.tx((t) => deleteOldLedger(t, billingCutoff, years))),
    mediaFilesDeleted: await purgeMedia(ctx, messageCutoff),
    sandboxFilesDeleted: await purgeSandboxFiles(ctx, messageCutoff),
  };
  await audit(db, SYSTEM, 'retention.purge', null, { ...counts, messageCutoff, loginCutoff, billingCutoff });
  ctx.log.info(counts, 'retention purge done');
  return counts;
}
