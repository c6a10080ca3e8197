// Password reset by a one-time code sent by e-mail. Only a hash of the code is stored; a
// code works once, for RESET_CODE_MINUTES, and asking again voids the earlier one.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { audit } from '../audit.js';
import type { Ctx } from '../context.js';
import { setPassword } from './login.js';

export const RESET_CODE_MINUTES = 30;

export interface MailMessage { to: string; subject: string; text: string }
export type SendMail = (msg: MailMessage) => Promise<void>;

const hashCode = (code: string) => createHash('sha256').update(code).digest('hex');

/** Sends a code when the e-mail belongs to a console user; says nothing either way (no enumeration). */
export async function requestPasswordReset(ctx: Ctx, sendMail: SendMail, emailRaw: string, ip: string | null): Promise<void> {
  const email = emailRaw.trim().toLowerCase();
  const admin = await ctx.db.one<{ id: number; email: string }>('SELECT id, email FROM admin_users WHERE lower(email) = $1', [email]);
  if (!admin) return;
  const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
  const now = ctx.clock.now();
  await ctx.db.tx(async (t) => {
    await t.exec('DELETE FROM password_resets WHERE admin_user_id = $1 AND used_at IS NULL', [admin.id]);
    await t.exec('INSERT INTO password_resets (admin_user_id, code_hash, expires_at, created_at) VALUES ($1, $2, $3, $4)',
      [admin.id, hashCode(code), new Date(now.getTime() + RESET_CODE_MINUTES * 60_000), now]);
    await audit(t, { type: 'admin', id: admin.id, label: admin.email, ip }, 'admin.password_reset_requested', null, {});
  });
  await sendMail({
    to: admin.email,
    subject: 'wa-chatops password reset code',
    text: `Your password reset code is ${code}. It works once, for ${RESET_CODE_MINUTES} minutes.\n`
      + 'If you did not ask for it, ignore this message; your password stays as it is.\n',
  });
}

export class ResetCodeError extends Error {
  override name = 'ResetCodeError';
}

export async function resetPassword(ctx: Ctx, input: { email: string; code: string; password: string; ip: string | null }): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const code = input.code.trim();
  const now = ctx.clock.now();
  const row = await ctx.db.one<{ id: number; admin_user_id: number; code_hash: string }>(
    `SELECT r.id, r.admin_user_id, r.code_hash FROM password_resets r JOIN admin_users a ON a.id = r.admin_user_id
      WHERE lower(a.email) = $1 AND r.used_at IS NULL AND r.expires_at > $2 ORDER BY r.id DESC LIMIT 1`, [email, now]);
  const given = Buffer.from(hashCode(code));
  if (!row || !timingSafeEqual(given, Buffer.from(row.code_hash))) throw new ResetCodeError('that code is wrong or has expired; ask for a new one');
  await setPassword(ctx, row.admin_user_id, input.password);
  await ctx.db.exec('UPDATE password_resets SET used_at = $2 WHERE id = $1', [row.id, now]);
  await audit(ctx.db, { type: 'admin', id: row.admin_user_id, label: email, ip: input.ip }, 'admin.password_reset', null, {});
}
