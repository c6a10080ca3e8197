// Console login rules: bcrypt check, a temporary lock per user and client address after
// repeated failures, and a login_events row for every attempt (who, IP, user agent, when).
// Unknown e-mail, wrong password and a locked pair answer alike, in the same time: one
// bcrypt comparison each, and never answered sooner than LOGIN_FAILURE_MS.
import bcrypt from 'bcryptjs';
import { BCRYPT_ROUNDS, validatePassword } from '../admins.js';
import { audit, type Actor } from '../audit.js';
import type { Ctx } from '../context.js';
import type { Queryable } from '../db/database.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** The one answer to a failed sign-in, whatever the reason. */
export const LOGIN_FAILED_TEXT = `Wrong e-mail or password. After ${MAX_FAILED_LOGINS} failed attempts from one address, sign-in for that user is paused there for ${LOCK_MINUTES} minutes.`;
// Compared against when the e-mail is unknown, so both cases take the same time. A fixed
// hash (of no password anyone uses), not hashSync at import: that cost 0.6 s of every start.
const DUMMY_HASH_TEXT = '$2b$12$U8nNd7jbt8mczzBAkZjmkObM62HvgAKhxnkP8Zrg1WfQso0ZmhVNO';
const DUMMY_HASH = () => DUMMY_HASH_TEXT; // same cost as BCRYPT_ROUNDS (12)

export interface ConsoleUser {
  id: number;
  email: string;
  role: 'admin' | 'viewer';
  must_change_password: boolean;
}

/** `reason` is for the log and tests; the person sees LOGIN_FAILED_TEXT for each. */
export type LoginResult =
  | { ok: true; user: ConsoleUser; previous: { at: Date; ip: string | null } | null }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; lockedUntil: Date };

interface AdminLoginRow extends ConsoleUser {
  password_hash: string;
  last_login_at: Date | null;
  last_login_ip: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function attemptLogin(ctx: Ctx, input: { email: string; password: string; ip: string | null; userAgent: string | null }): Promise<LoginResult> {
  const started = performance.now();
  const result = await judgeLogin(ctx, input);
  if (!result.ok) await sleep(ctx.config.loginFailureMs - (performance.now() - started));
  return result;
}

async function judgeLogin(ctx: Ctx, input: { email: string; password: string; ip: string | null; userAgent: string | null }): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const ipKey = input.ip ?? '';
  const now = ctx.clock.now();
  const row = await ctx.db.one<AdminLoginRow & { locked_until: Date | null }>(
    `SELECT a.id, a.email, a.role, a.must_change_password, a.password_hash, a.last_login_at, a.last_login_ip, l.locked_until
       FROM admin_users a LEFT JOIN login_lockouts l ON l.admin_user_id = a.id AND l.ip = $2
      WHERE lower(a.email) = $1`, [email, ipKey]);
  const record = (success: boolean) => ctx.db.exec(
    'INSERT INTO login_events (admin_user_id, email, ip, user_agent, success, at) VALUES ($1, $2, $3, $4, $5, $6)',
    [row?.id ?? null, email.slice(0, 320), input.ip, input.userAgent?.slice(0, 500) ?? null, success, now]);
  // Always one comparison, so an unknown e-mail or a locked user takes as long as a wrong password.
  const matches = await bcrypt.compare(input.password.slice(0, 200), row?.password_hash ?? DUMMY_HASH());

  if (!row) {
    await record(false);
    return { ok: false, reason: 'invalid' };
  }
  if (row.locked_until && row.locked_until > now) {
    await record(false);
    return { ok: false, reason: 'locked', lockedUntil: row.locked_until };
  }
  if (!matches) {
    await record(false);
    const lockUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
    const upd = await ctx.db.one<{ locked_until: Date | null }>(
      `INSERT INTO login_lockouts (admin_user_id, ip, failures, locked_until, updated_at) VALUES ($1, $2, 1, NULL, $4)
       ON CONFLICT (admin_user_id, ip) DO UPDATE
          SET failures     = CASE WHEN login_lockouts.failures + 1 >= $3 THEN 0 ELSE login_lockouts.failures + 1 END,
              locked_until = CASE WHEN login_lockouts.failures + 1 >= $3 THEN $5::timestamptz ELSE login_lockouts.locked_until END,
              updated_at   = $4
       RETURNING locked_until`, [row.id, ipKey, MAX_FAILED_LOGINS, now, lockUntil]);
    if (upd?.locked_until && upd.locked_until > now) {
      ctx.log.warn({ adminId: row.id, ip: input.ip }, 'console sign-in paused for this user and address after repeated failures');
      return { ok: false, reason: 'locked', lockedUntil: upd.locked_until };
    }
    return { ok: false, reason: 'invalid' };
  }
  await record(true);
  await ctx.db.exec('DELETE FROM login_lockouts WHERE admin_user_id = $1 AND ip = $2', [row.id, ipKey]);
  await ctx.db.exec('UPDATE admin_users SET last_login_at = $2, last_login_ip = $3 WHERE id = $1', [row.id, now, input.ip]);
  const { password_hash: _h, locked_until: _l, last_login_at, last_login_ip, ...user } = row;
  return { ok: true, user, previous: last_login_at ? { at: last_login_at, ip: last_login_ip } : null };
}

/** Users with a sign-in pause in force, and from where (for the admin who lifts it). */
export async function lockedLogins(ctx: Ctx): Promise<Array<{ admin_user_id: number; email: string; ip: string; locked_until: Date }>> {
  return ctx.db.query(
    `SELECT l.admin_user_id, a.email, l.ip, l.locked_until FROM login_lockouts l JOIN admin_users a ON a.id = l.admin_user_id
      WHERE l.locked_until > $1 ORDER BY a.email, l.ip`, [ctx.clock.now()]);
}

/** Lifts a user's sign-in pauses (every address, or one); returns how many were lifted. */
export async function unlockLogin(ctx: Ctx, email: string, actor: Actor, ip?: string): Promise<number> {
  const admin = await ctx.db.one<{ id: number }>('SELECT id FROM admin_users WHERE lower(email) = lower($1)', [email.trim()]);
  if (!admin) throw new RangeError(`there is no console user ${email.trim()}`);
  const n = await ctx.db.exec('DELETE FROM login_lockouts WHERE admin_user_id = $1 AND ($2::text IS NULL OR ip = $2)', [admin.id, ip ?? null]);
  await audit(ctx.db, actor, 'admin.unlock', null, { adminUserId: admin.id, ...(ip ? { ip } : {}) });
  return n;
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

/** Ends a user's console sessions, all or all but one (the one changing the password). */
export async function endSessions(q: Queryable, adminId: number, exceptSid?: string): Promise<number> {
  return q.exec(`DELETE FROM http_sessions WHERE (sess->>'adminId')::int = $1 AND sid IS DISTINCT FROM $2`, [adminId, exceptSid ?? null]);
}

export async function changePassword(ctx: Ctx, adminId: number, current: string, next: string, currentSid?: string): Promise<void> {
  const row = await ctx.db.one<{ password_hash: string }>('SELECT password_hash FROM admin_users WHERE id = $1', [adminId]);
  if (!row || !(await bcrypt.compare(current, row.password_hash))) throw new RangeError('the current password is wrong');
  await setPassword(ctx, adminId, next, currentSid);
}

/** A new password ends every other session of the user (a reset: every session). */
export async function setPassword(ctx: Ctx, adminId: number, password: string, keepSid?: string): Promise<void> {
  const user = await ctx.db.one<{ email: string }>('SELECT email FROM admin_users WHERE id = $1', [adminId]);
  validatePassword(password, user ? [user.email] : []);
  const hash = await bcrypt.hash(password, BCRYPT_ROUNDS);
  await ctx.db.tx(async (t) => {
    await t.exec('UPDATE admin_users SET password_hash = $2, must_change_password = false, failed_logins = 0, locked_until = NULL WHERE id = $1', [adminId, hash]);
    await t.exec('DELETE FROM login_lockouts WHERE admin_user_id = $1', [adminId]);
    await endSessions(t, adminId, keepSid);
  });
}
