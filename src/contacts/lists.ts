// Contact lists of an account: create, look up by name (its normalised form), count, remove one number.
import type { Ctx } from '../context.js';
import type { Queryable } from '../db/database.js';
import { normalisePhone } from '../phone.js';
import { normalise } from '../text/normalise.js';
import { InvalidListNameError, InvalidPhoneError, ListExistsError, ListNotFoundError } from './errors.js';

export interface ContactList {
  id: number;
  account_id: number;
  name: string;
  created_at: Date;
}

export interface ListSummary extends ContactList {
  contacts: number;
}

export interface ListInfo extends ListSummary {
  /** Numbers of the list on the account's suppression list (skipped at launch). */
  suppressed: number;
  /** Variables (CSV columns) found on the list's contacts, besides name and phone. */
  variables: string[];
  campaigns: Array<{ name: string; status: string }>;
}

function cleanListName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (!name) throw new InvalidListNameError('list.name_missing');
  if (name.length > 64) throw new InvalidListNameError('list.name_too_long', { max: 64 });
  return name;
}

export async function createList(ctx: Ctx, accountId: number, name: string): Promise<ContactList> {
  const clean = cleanListName(name);
  const row = await ctx.db.one<ContactList>(
    `INSERT INTO contact_lists (account_id, name, name_key) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING *`,
    [accountId, clean, normalise(clean)],
  );
  if (!row) throw new ListExistsError(clean);
  return row;
}

export async function listLists(ctx: Ctx, accountId: number): Promise<ListSummary[]> {
  return ctx.db.query<ListSummary>(
    `SELECT l.*, (SELECT count(*) FROM contacts c WHERE c.list_id = l.id)::int AS contacts
       FROM contact_lists l WHERE l.account_id = $1 ORDER BY lower(l.name)`,
    [accountId],
  );
}

export async function findList(q: Queryable, accountId: number, name: string): Promise<ContactList | undefined> {
  return q.one<ContactList>(
    // By the normalised key (look-alike letters, case, accents); rows written without a key by the name.
    `SELECT * FROM contact_lists WHERE account_id = $1 AND (name_key = $2 OR (name_key IS NULL AND lower(name) = lower($3)))
      ORDER BY name_key IS NULL LIMIT 1`,
    [accountId, normalise(name), name.trim().replace(/\s+/g, ' ')],
  );
}

/** The list, or ListNotFoundError. */
export async function getListByName(ctx: Ctx, accountId: number, name: string): Promise<ContactList> {
  const list = await findList(ctx.db, accountId, name);
  if (!list) throw new ListNotFoundError(name.trim());
  return list;
}

export async function listInfo(ctx: Ctx, accountId: number, name: string): Promise<ListInfo> {
  const list = await getListByName(ctx, accountId, name);
  const counts = await ctx.db.one<{ contacts: number; suppressed: number }>(
    `SELECT count(*)::int AS contacts,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM suppressions s WHERE s.account_id = $2 AND s.phone = c.phone))::int AS suppressed
       FROM contacts c WHERE c.list_id = $1`,
    [list.id, accountId],
  );
  // Keys of a sample of contacts: lists are uniform per upload, so 1,000 rows tell the columns.
  const vars = await ctx.db.query<{ key: string }>(
    `SELECT DISTINCT jsonb_object_keys(variables) AS key
       FROM (SELECT variables FROM contacts WHERE list_id = $1 ORDER BY id LIMIT 1000) s ORDER BY 1`,
    [list.id],
  );
  const campaigns = await ctx.db.query<{ name: string; status: string }>(
    'SELECT name, status FROM campaigns WHERE list_id = $1 ORDER BY created_at DESC, id DESC',
    [list.id],
  );
  return { ...list, contacts: counts!.contacts, suppressed: counts!.suppressed, variables: vars.map((v) => v.key), campaigns };
}

/** Removes one number from a list; false when it was not on it. */
export async function removeContact(ctx: Ctx, accountId: number, listName: string, phoneRaw: string): Promise<{ phone: string; removed: boolean }> {
  const list = await getListByName(ctx, accountId, listName);
  const phone = await normaliseForAccount(ctx.db, accountId, phoneRaw);
  const n = await ctx.db.exec('DELETE FROM contacts WHERE list_id = $1 AND phone = $2', [list.id, phone]);
  return { phone, removed: n > 0 };
}

/** A number typed by an owner, judged under the account's default country. */
export async function normaliseForAccount(q: Queryable, accountId: number, raw: string): Promise<string> {
  const acc = await q.one<{ default_country: string }>('SELECT default_country FROM accounts WHERE id = $1', [accountId]);
  const r = normalisePhone(raw, acc?.default_country ?? 'PK');
  if (!r.ok) throw new InvalidPhoneError(raw.trim(), r.reason);
  return r.e164;
}

/** Deletes a list and its contacts; campaigns made from it keep their results (list_id becomes NULL). */
export async function deleteList(ctx: Ctx, accountId: number, name: string): Promise<{ name: string; contacts: number }> {
  return ctx.db.tx(async (q) => {
    const list = await findList(q, accountId, name);
    if (!list) throw new ListNotFoundError(name.trim());
    const n = await q.one<{ n: number }>('SELECT count(*)::int AS n FROM contacts WHERE list_id = $1', [list.id]);
    await q.exec('DELETE FROM contact_lists WHERE id = $1', [list.id]);
    return { name: list.name, contacts: n!.n };
  });
}
