// Contact upload: streams a file into a list. Each number is judged by src/phone.ts under
// the account's country; rejects are counted with their reason, never stored, never charged.
// Rows go to a temporary table by COPY, then one INSERT … SELECT keeps the first occurrence
// of each number and skips numbers already on the list. The whole upload is one transaction:
// a broken or oversized stream stores nothing.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import copyStreams from 'pg-copy-streams';
import type { Ctx } from '../context.js';
import { normalisePhone, type PhoneRejection } from '../phone.js';
import { ListNotFoundError, UploadTooLargeError } from './errors.js';
import { readContactFile, type ContactFormat, type RawContact } from './read-contact-file.js';

export interface IngestInput {
  accountId: number;
  listId: number;
  input: NodeJS.ReadableStream | string;
  fileName?: string;
  /** Size the sender announced (e.g. the attachment's fileLength): refused before reading. */
  declaredBytes?: number;
}

export interface IngestResult {
  format: ContactFormat;
  /** New numbers stored on the list. */
  accepted: number;
  duplicatesInFile: number;
  duplicatesInList: number;
  rejected: Record<PhoneRejection, number>;
  /** "line 12: 042 3571 4444 (landline)" for the first MAX_REJECTED_LINES rejects. */
  rejectedLines: string[];
  rejectedTotal: number;
}

export const MAX_REJECTED_LINES = 10_000;
const COPY_BATCH = 2_000;

/** COPY text format: backslash, tab and line breaks escaped. */
function copyText(v: string | undefined): string {
  if (v === undefined || v === '') return '\\N';
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

function describe(reason: PhoneRejection): string {
  return { invalid: 'not a valid number', landline: 'landline, cannot receive WhatsApp', too_short: 'too short', too_long: 'too long', not_a_phone: 'not a phone number' }[reason];
}

export async function ingestContacts(ctx: Ctx, opts: IngestInput): Promise<IngestResult> {
  const max = ctx.config.maxUploadBytes;
  const declared = typeof opts.input === 'string' ? Buffer.byteLength(opts.input, 'utf8') : opts.declaredBytes;
  if (declared !== undefined && declared > max) throw new UploadTooLargeError(declared, max);
  const list = await ctx.db.one<{ id: number; name: string; default_country: string }>(
    `SELECT l.id, l.name, a.default_country FROM contact_lists l JOIN accounts a ON a.id = l.account_id
      WHERE l.id = $1 AND l.account_id = $2`,
    [opts.listId, opts.accountId],
  );
  if (!list) throw new ListNotFoundError(String(opts.listId));

  const result: IngestResult = {
    format: 'lines', accepted: 0, duplicatesInFile: 0, duplicatesInList: 0,
    rejected: { invalid: 0, landline: 0, too_short: 0, too_long: 0, not_a_phone: 0 }, rejectedLines: [], rejectedTotal: 0,
  };
  let bytes = 0;
  const countBytes = (n: number): void => {
    bytes += n;
    if (bytes > max) throw new UploadTooLargeError(bytes, max);
  };

  async function* copyRows(): AsyncGenerator<string> {
    let batch: string[] = [];
    for await (const item of readContactFile(opts.input, countBytes, opts.fileName)) {
      if ('format' in item) { result.format = item.format; continue; }
      const r = normalisePhone(item.phone, list!.default_country);
      if (!r.ok) { reject(item, r.reason); continue; }
      const vars = item.variables ? JSON.stringify(item.variables) : undefined;
      batch.push(`${item.line}\t${r.e164}\t${copyText(item.name)}\t${copyText(vars)}\n`);
      if (batch.length >= COPY_BATCH) { yield batch.join(''); batch = []; }
    }
    if (batch.length) yield batch.join('');
  }
  function reject(item: RawContact, reason: PhoneRejection): void {
    result.rejected[reason]++;
    result.rejectedTotal++;
    if (result.rejectedLines.length < MAX_REJECTED_LINES) {
      const shown = item.phone.length > 60 ? item.phone.slice(0, 60) + '…' : item.phone;
      result.rejectedLines.push(`line ${item.line}: ${shown} (${describe(reason)})`);
    }
  }

  await ctx.db.withClient(async (client) => {
    await client.query('BEGIN');
    try {
      await client.query('CREATE TEMP TABLE contact_upload (line integer, phone text, name text, variables jsonb) ON COMMIT DROP');
      await pipeline(Readable.from(copyRows()), client.query(copyStreams.from('COPY contact_upload (line, phone, name, variables) FROM STDIN')));
      // First occurrence in the file wins; a number already on the list is left as it was.
      const { rows } = await client.query<{ staged: number; distinct_phones: number; inserted: number }>(
        `WITH ins AS (
           INSERT INTO contacts (list_id, phone, name, variables)
           SELECT DISTINCT ON (phone) $1::int, phone, name, coalesce(variables, '{}'::jsonb)
             FROM contact_upload ORDER BY phone, line
           ON CONFLICT (list_id, phone) DO NOTHING RETURNING 1)
         SELECT (SELECT count(*) FROM contact_upload)::int AS staged,
                (SELECT count(DISTINCT phone) FROM contact_upload)::int AS distinct_phones,
                (SELECT count(*) FROM ins)::int AS inserted`,
        [list.id],
      );
      const r = rows[0]!;
      result.accepted = r.inserted;
      result.duplicatesInFile = r.staged - r.distinct_phones;
      result.duplicatesInList = r.distinct_phones - r.inserted;
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  });
  ctx.log.info({ accountId: opts.accountId, listId: list.id, format: result.format, bytes, accepted: result.accepted,
    duplicatesInFile: result.duplicatesInFile, duplicatesInList: result.duplicatesInList, rejected: result.rejectedTotal }, 'contacts ingested');
  return result;
}
