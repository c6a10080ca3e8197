// Accounts and their members (the phones allowed to run commands).
import type { Db, Queryable } from './db/database.js';
import { audit, type Actor } from './audit.js';
import { ConflictError, NotFoundError } from './base-errors.js';
import { topUp } from './credits.js';
import { isLang, LANGS, type Lang } from './i18n/lang.js';
import { addSessionIn } from './senders/add-sender.js';
import { requireE164 } from './phone.js';
import { getAccountWithPlan, type AccountWithPlan } from './sql/get-account-with-plan.js';

export type MemberRole = 'owner' | 'manager' | 'viewer';

/** An account with its plan (`getAccount`); lists carry the account's own columns only. */
export type AccountRow = AccountWithPlan;
export type AccountListRow = Omit<AccountRow, 'plan' | 'suspended_reason'> & { owner_phone: string | null; available: number; reserved: number };

export interface MemberRow {
  id: number;
  account_id: number;
  phone: string;
  lid: string | null;
  name: string | null;
  role: MemberRole;
  language: Lang | null;
}

export { ConflictError, NotFoundError } from './base-errors.js';

export async function findPlan(q: Queryable, name: string): Promise<{ id: number; name: string } | undefined> {
  return q.one('SELECT id, name FROM plans WHERE lower(name) = lower($1)', [name]);
}

export async function createAccount(db: Db, input: {
  name: string; ownerPhone: string; ownerName?: string; credits?: number; planName?: string;
  defaultCountry?: string; language?: Lang;
  /** WA_TRANSPORT=sandbox: give the account a simulated campaign sender so it can try everything at once. */
  sandboxSender?: boolean;
}, actor: Actor): Promise<{ account: AccountRow; owner: MemberRow }> {
  const name = input.name.trim();
  if (!name) throw new RangeError('the account needs a name');
  if (input.language !== undefined && !isLang(input.language)) throw new RangeError(`language must be one of ${LANGS.join(', ')}, got "${input.language}"`);
  const country = (input.defaultCountry ?? 'PK').toUpperCase();
  const phone = requireE164(input.ownerPhone, country);
  return db.tx(async (t) => {
    const plan = await findPlan(t, input.planName ?? 'default');
    if (!plan) throw new NotFoundError(`no plan named "${input.planName}"`);
    const taken = await t.one('SELECT account_id FROM members WHERE phone = $1', [phone]);
    if (taken) throw new ConflictError(`${phone} is already a member of account ${taken.account_id}`);
    const acc = await t.one<{ id: number }>(
      `INSERT INTO accounts (name, plan_id, default_country, language) VALUES ($1, $2, $3, $4) RETURNING id`,
      [name, plan.id, country, input.language ?? 'en'],
    );
    const owner = await t.one<MemberRow>(
      `INSERT INTO members (account_id, phone, name, role) VALUES ($1, $2, $3, 'owner') RETURNING *`,
      [acc!.id, phone, input.ownerName ?? null],
    );
    if (input.credits) await topUp(t, acc!.id, input.credits, 'initial credits', actor.label ?? actor.type);
    if (input.sandboxSender) {
      await addSessionIn(t, { accountId: acc!.id, transport: 'sandbox', purpose: 'campaigns', label: 'sandbox sender' }, actor);
    }
    await audit(t, actor, 'account.create', acc!.id, { name, owner: phone, plan: plan.name, credits: input.credits ?? 0 });
    return { account: (await getAccount(t, acc!.id))!, owner: owner! };
  });
}

export async function getAccount(q: Queryable, id: number): Promise<AccountRow | undefined> {
  return getAccountWithPlan(q, id);
}

/** Live accounts by name, for pickers. */
export async function listAccountNames(q: Queryable): Promise<Array<{ id: number; name: string }>> {
  return q.query("SELECT id, name FROM accounts WHERE status <> 'erased' ORDER BY name");
}

export async function listAccounts(q: Queryable): Promise<AccountListRow[]> {
  return q.query(
    `SELECT a.id, a.name, a.status, a.plan_id, p.name AS plan_name, a.default_country, a.timezone, a.language, a.created_at,
            (SELECT m.phone FROM members m WHERE m.account_id = a.id AND m.role = 'owner' ORDER BY m.id LIMIT 1) AS owner_phone,
            coalesce((SELECT sum(available_delta) FROM credit_ledger l WHERE l.account_id = a.id), 0)::int AS available,
            coalesce((SELECT sum(reserved_delta) FROM credit_ledger l WHERE l.account_id = a.id), 0)::int AS reserved
       FROM accounts a JOIN plans p ON p.id = a.plan_id
      ORDER BY a.id`);
}

/** The member a phone number or LID belongs to; unknown senders get undefined. */
export async function findMember(q: Queryable, who: { phone?: string; lid?: string }): Promise<MemberRow | undefined> {
  if (who.phone) {
    const m = await q.one<MemberRow>('SELECT * FROM members WHERE phone = $1', [who.phone]);
    if (m) return m;
  }
  if (who.lid) return q.one<MemberRow>('SELECT * FROM members WHERE lid = $1', [who.lid]);
  return undefined;
}

/** The language a member last wrote in: replies follow it. */
export async function setMemberLanguage(q: Queryable, memberId: number, lang: 'en' | 'tr' | 'ur'): Promise<void> {
  await q.exec('UPDATE members SET language = $2 WHERE id = $1', [memberId, lang]);
}

export async function addMember(db: Db, accountId: number, phoneRaw: string, role: MemberRole, actor: Actor, name?: string): Promise<MemberRow> {
  const acc = await getAccount(db, accountId);
  if (!acc) throw new NotFoundError(`no account ${accountId}`);
  const phone = requireE164(phoneRaw, acc.default_country);
  return db.tx(async (t) => {
    const taken = await t.one('SELECT account_id FROM members WHERE phone = $1', [phone]);
    if (taken) throw new ConflictError(`${phone} is already a member of account ${taken.account_id}`);
    const m = await t.one<MemberRow>('INSERT INTO members (account_id, phone, role, name) VALUES ($1,$2,$3,$4) RETURNING *', [accountId, phone, role, name ?? null]);
    await audit(t, actor, 'member.add', accountId, { phone, role });
    return m!;
  });
}

/** Suspension: running campaigns pause and commands are limited (see the router's gate). */
export async function suspendAccount(db: Db | Queryable, accountId: number, reason: string, actor: Actor): Promise<void> {
  const run = async (t: Queryable) => {
    await t.exec(`UPDATE accounts SET status = 'suspended', suspended_reason = $2, suspended_at = now(), updated_at = now()
                   WHERE id = $1 AND status = 'active'`, [accountId, reason]);
    await t.exec(`UPDATE campaigns SET status = 'paused', paused_at = now(), updated_at = now() WHERE account_id = $1 AND status = 'running'`, [accountId]);
    await audit(t, actor, 'account.suspend', accountId, { reason });
  };
  if ('tx' in db && !db.transaction) await (db as Db).tx(run); else await run(db);
}

export async function reactivateAccount(db: Db | Queryable, accountId: number, actor: Actor): Promise<void> {
  const run = async (t: Queryable) => {
    await t.exec(`UPDATE accounts SET status = 'active', suspended_reason = NULL, suspended_at = NULL, updated_at = now()
                   WHERE id = $1 AND status = 'suspended'`, [accountId]);
    await audit(t, actor, 'account.reactivate', accountId, {});
  };
  if ('tx' in db && !db.transaction) await (db as Db).tx(run); else await run(db);
}

/** Edits an account's own settings (the console's account page). */
export async function updateAccount(db: Db, accountId: number, patch: {
  name?: string; planName?: string; defaultCountry?: string; language?: Lang; timezone?: string;
}, actor: Actor): Promise<AccountRow> {
  const name = patch.name?.trim();
  if (patch.name !== undefined && !name) throw new RangeError('the account needs a name');
  const country = patch.defaultCountry?.trim().toUpperCase();
  if (country !== undefined && !/^[A-Z]{2}$/.test(country)) throw new RangeError(`"${patch.defaultCountry}" is not a two-letter country code`);
  if (patch.language !== undefined && !isLang(patch.language)) throw new RangeError(`language must be one of ${LANGS.join(', ')}, got "${patch.language}"`);
  if (patch.timezone !== undefined && !Intl.supportedValuesOf('timeZone').concat('UTC').includes(patch.timezone)) throw new RangeError(`"${patch.timezone}" is not a time zone`);
  return db.tx(async (t) => {
    const acc = await getAccount(t, accountId);
    if (!acc || acc.status === 'erased') throw new NotFoundError(`no account ${accountId}`);
    const plan = patch.planName !== undefined ? await findPlan(t, patch.planName) : undefined;
    if (patch.planName !== undefined && !plan) throw new NotFoundError(`no plan named "${patch.planName}"`);
    await t.exec(
      `UPDATE accounts SET name = coalesce($2, name), plan_id = coalesce($3, plan_id), default_country = coalesce($4, default_country),
              language = coalesce($5, language), timezone = coalesce($6, timezone), updated_at = now() WHERE id = $1`,
      [accountId, name ?? null, plan?.id ?? null, country ?? null, patch.language ?? null, patch.timezone ?? null]);
    await audit(t, actor, 'account.update', accountId, { ...patch });
    return (await getAccount(t, accountId))!;
  });
}

export async function setMemberRole(db: Db, accountId: number, memberId: number, role: MemberRole, actor: Actor): Promise<void> {
  if (!['owner', 'manager', 'viewer'].includes(role)) throw new RangeError(`role must be owner, manager or viewer, got "${role}"`);
  await db.tx(async (t) => {
    const m = await t.one<MemberRow>('SELECT * FROM members WHERE id = $1 AND account_id = $2 FOR UPDATE', [memberId, accountId]);
    if (!m) throw new NotFoundError(`no member ${memberId} in account ${accountId}`);
    if (m.role === 'owner' && role !== 'owner') await requireAnotherOwner(t, accountId, memberId);
    await t.exec('UPDATE members SET role = $2 WHERE id = $1', [memberId, role]);
    await audit(t, actor, 'member.role', accountId, { phone: m.phone, from: m.role, to: role });
  });
}

export async function removeMember(db: Db, accountId: number, memberId: number, actor: Actor): Promise<void> {
  await db.tx(async (t) => {
    const m = await t.one<MemberRow>('SELECT * FROM members WHERE id = $1 AND account_id = $2 FOR UPDATE', [memberId, accountId]);
    if (!m) throw new NotFoundError(`no member ${memberId} in account ${accountId}`);
    if (m.role === 'owner') await requireAnotherOwner(t, accountId, memberId);
    await t.exec('DELETE FROM members WHERE id = $1', [memberId]);
    await audit(t, actor, 'member.remove', accountId, { phone: m.phone, role: m.role });
  });
}

// An account always keeps an owner: someone must be able to accept terms and pay.
async function requireAnotherOwner(t: Queryable, accountId: number, memberId: number): Promise<void> {
  const other = await t.one("SELECT 1 FROM members WHERE account_id = $1 AND role = 'owner' AND id <> $2", [accountId, memberId]);
  if (!other) throw new ConflictError('the account must keep at least one owner; make another member owner first');
}
