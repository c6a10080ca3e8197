// Console users. Passwords are bcrypt hashes; nothing else about them is secret.
import bcrypt from 'bcryptjs';
import type { Db, Queryable } from './db/database.js';
import { audit, type Actor } from './audit.js';
import { ConflictError } from './accounts.js';

export const BCRYPT_ROUNDS = 12;
export const MIN_PASSWORD_LENGTH = 10;

export interface AdminRow {
  id: number;
  email: string;
  role: 'admin' | 'viewer';
  must_change_password: boolean;
  last_login_at: Date | null;
  last_login_ip: string | null;
}

export function validatePassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new RangeError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
}

export function validateEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) throw new RangeError(`"${email}" is not an e-mail address`);
  return e;
}

export async function createAdmin(db: Db | Queryable, input: { email: string; password: string; role?: 'admin' | 'viewer'; mustChangePassword?: boolean }, actor: Actor): Promise<AdminRow> {
  const email = validateEmail(input.email);
  validatePassword(input.password);
  const hash = await bcrypt.hash(input.password, BCRYPT_ROUNDS);
  const exists = await db.one('SELECT id FROM admin_users WHERE lower(email) = $1', [email]);
  if (exists) throw new ConflictError(`an admin with e-mail ${email} already exists`);
  const row = await db.one<AdminRow>(
    `INSERT INTO admin_users (email, password_hash, role, must_change_password) VALUES ($1, $2, $3, $4)
     RETURNING id, email, role, must_change_password, last_login_at, last_login_ip`,
    [email, hash, input.role ?? 'admin', input.mustChangePassword ?? false],
  );
  await audit(db, actor, 'admin.create', null, { email, role: input.role ?? 'admin' });
  return row!;
}

export async function countAdmins(q: Queryable): Promise<number> {
  return (await q.one<{ n: number }>('SELECT count(*)::int AS n FROM admin_users'))!.n;
}

/** The first admin (first-run setup); undefined once any admin exists. Serialised, so two
 * simultaneous first visits cannot both become the first admin. */
export async function createFirstAdmin(db: Db, input: { email: string; password: string }, actor: Actor): Promise<AdminRow | undefined> {
  return db.tx(async (t) => {
    await t.query("SELECT pg_advisory_xact_lock(hashtext('wa-chatops:first-admin'))");
    if ((await countAdmins(t)) > 0) return undefined;
    return createAdmin(t, { ...input, role: 'admin' }, actor);
  });
}
