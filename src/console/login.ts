// Console login rules: bcrypt check, a temporary lock after repeated failures, and a
// login_events row for every attempt (who, IP, user agent, when).
import bcrypt from 'bcryptjs';
import { BCRYPT_ROUNDS, validatePassword } from '../admins.js';
import type { Ctx } from '../context.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
// Compared against when the e-mail is unknown, so both cases take the same time. A fixed
// hash (of no password anyone uses), not hashSync at import: that cost 0.6 s of every start.
const DUMMY_HASH = '$2b$12$U8nNd7jbt8mczzBAkZjmkObM62HvgAKhxnkP8Zrg1WfQso0ZmhVNO';

export interface ConsoleUser {
  id: number;
  email: string;
  role: 'admin' | 'viewer';
  must_change_password: boolean;
}

export type LoginResult =
  | { ok: true; user: ConsoleUser; previous: { at: Date; ip: string | null } | null }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; lockedUntil: Date };

interface AdminLoginRow extends ConsoleUser {
  password_hash: string;
  locked_until: Date | null;
  last_login_at: Date | null;
  last_login_ip: string | null;
}

export async function attemptLogin(ctx: Ctx, input: { email: string; password: string; ip: string | null; userAgent: string | null }): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const now = ctx.clock.now();
  const row = await ctx.db.one<AdminLoginRow>(
    `SELECT id, email, role, must_change_password, password_hash, locked_until, last_login_at, last_login_ip
       FROM admin_users WHERE lower(email) = $1`, [email]);
  const record = (success: boolean) => ctx.db.exec(
    'INSERT INTO login_events (admin_user_id, email, ip, user_agent, success, at) VALUES ($1, $2, $3, $4, $5, $6)',
    [row?.id ?? null, email.slice(0, 320), input.ip, input.userAgent?.slice(0, 500) ?? null, success, now]);

  if (!row) {
    await bcrypt.compare(input.password, DUMMY_HASH);
    await record(false);
    return { ok: false, reason: 'invalid' };
  }
  if (row.locked_until && row.locked_until > now) {
    await record(false);
    return { ok: false, reason: 'locked', lockedUntil: row.locked_until };
  }
  if (!(await bcrypt.compare(input.password, row.password_hash))) {
    await record(false);
    const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
    const upd = await ctx.db.one<{ failed_logins: number; locked_until: Date | null }>(
      `UPDATE admin_users
          SET failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
              locked_until  = CASE WHEN failed_logins + 1 >= $2 THEN $3::timestamptz ELSE locked_until END
        WHERE id = $1 RETURNING failed_logins, locked_until`, [row.id, MAX_FAILED_LOGINS, lockUntil]);
    if (upd?.locked_until && upd.locked_until > now) {
      ctx.log.warn({ adminId: row.id, ip: input.ip }, 'console login locked after repeated failures');
      return { ok: false, reason: 'locked', lockedUntil: upd.locked_until };
    }
    return { ok: false, reason: 'invalid' };
  }
  await record(true);
  await ctx.db.exec(
    'UPDATE admin_users SET failed_logins = 0, locked_until = NULL, last_login_at = $2, last_login_ip = $3 WHERE id = $1',
    [row.id, now, input.ip]);
  const { password_hash: _h, locked_until: _l, last_login_at, last_login_ip, ...user } = row;
  return { ok: true, user, previous: last_login_at ? { at: last_login_at, ip: last_login_ip } : null };
}

/** First-run setup signs its admin in directly; it counts as a sign-in for "last login". */
export async function recordDirectSignIn(ctx: Ctx, adminId: number, ip: string | null, userAgent: string | null): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.exec('INSERT INTO login_events (admin_user_id, email, ip, user_agent, success, at) SELECT id, email, $2, $3, true, $4 FROM admin_users WHERE id = $1',
    [adminId, ip, userAgent?.slice(0, 500) ?? null, now]);
  await ctx.db.exec('UPDATE admin_users SET last_login_at = $2, last_login_ip = $3 WHERE id = $1', [adminId, now, ip]);
}

export async function loadUser(ctx: Ctx, id: number): Promise<ConsoleUser | undefined> {
  return ctx.db.one<ConsoleUser>('SELECT id, email, role, must_change_password FROM admin_users WHERE id = $1', [id]);
}

/** The latest attempts on an account, shown so a user notices logins that were not theirs. */
export async function recentLogins(ctx: Ctx, adminId: number, limit = 10): Promise<Array<{ at: Date; ip: string | null; user_agent: string | null; success: boolean }>> {
  return ctx.db.query('SELECT at, ip, user_agent, success FROM login_events WHERE admin_user_id = $1 ORDER BY at DESC, id DESC LIMIT $2', [adminId, limit]);
}

export async function changePassword(ctx: Ctx, adminId: number, current: string, next: string): Promise<void> {
  const row = await ctx.db.one<{ password_hash: string }>('SELECT password_hash FROM admin_users WHERE id = $1', [adminId]);
  if (!row || !(await bcrypt.compare(current, row.password_hash))) throw new RangeError('the current password is wrong');
  await setPassword(ctx, adminId, next);
}

export async function setPassword(ctx: Ctx, adminId: number, password: string): Promise<void> {
  validatePassword(password);
  const hash = await bcrypt.hash(password, BCRYPT_ROUNDS);
  await ctx.db.exec('UPDATE admin_users SET password_hash = $2, must_change_password = false, failed_logins = 0, locked_until = NULL WHERE id = $1', [adminId, hash]);
}
