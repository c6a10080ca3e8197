// One page of a campaign's per-recipient results, oldest first, keyset-paginated by outbox id
// (an opaque cursor), optionally of one status. Used by the API.
import type { Queryable } from '../db/database.js';
import type { OutboxStatus } from './progress.js';

export interface RecipientResult {
  phone: string;
  name: string | null;
  status: OutboxStatus;
  reason: string | null;
  message_id: string | null;
  sent_at: Date | null;
  delivered_at: Date | null;
  read_at: Date | null;
  failed_at: Date | null;
}

export const encodeCursor = (id: number) => Buffer.from(`o:${id}`).toString('base64url');
export function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^o:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? Number(m[1]) : 0;
}

export async function listRecipientResults(q: Queryable, campaignId: number, opts: { status?: OutboxStatus; cursor?: string; limit: number }): Promise<{ items: RecipientResult[]; next: string | null }> {
  const rows = await q.query<RecipientResult & { id: number }>(
    `SELECT id, phone, name, status, reason, wa_message_id AS message_id, sent_at, delivered_at, read_at, failed_at
       FROM outbox WHERE campaign_id = $1 AND id > $2 AND ($3::text IS NULL OR status = $3)
      ORDER BY id LIMIT $4`, [campaignId, decodeCursor(opts.cursor), opts.status ?? null, opts.limit + 1]);
  const more = rows.length > opts.limit;
  const page = rows.slice(0, opts.limit);
  return { items: page.map(({ id: _id, ...r }) => r), next: more ? encodeCursor(page[page.length - 1]!.id) : null };
}
