// First-run setup is open only to whoever holds the one-time token that `start` prints to
// its log (as Grafana and Jenkins do): reaching the port first is not enough. Only the
// token's hash is stored; creating the first admin consumes it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { countAdmins } from '../admins.js';
import type { Ctx } from '../context.js';
import type { Queryable } from '../db/database.js';

const KEY = 'setup_token';
const hash = (token: string) => createHash('sha256').update(token.trim()).digest('hex');

/** A new setup token when no admin exists yet (replacing any earlier one); undefined otherwise. */
export async function issueSetupToken(ctx: Ctx): Promise<string | undefined> {
  if ((await countAdmins(ctx.db)) > 0) {
    await ctx.db.exec('DELETE FROM settings WHERE key = $1', [KEY]);
    return undefined;
  }
  const token = randomBytes(18).toString('base64url');
  await ctx.db.exec(
    `INSERT INTO settings (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [KEY, JSON.stringify({ hash: hash(token), createdAt: ctx.clock.now().toISOString() })]);
  return token;
}

/** Whether the token is the one issued; call inside the transaction that creates the admin. */
export async function checkSetupToken(q: Queryable, token: string): Promise<boolean> {
  const row = await q.one<{ value: { hash?: string } }>('SELECT value FROM settings WHERE key = $1', [KEY]);
  if (!row?.value?.hash || !token) return false;
  return timingSafeEqual(Buffer.from(hash(token)), Buffer.from(row.value.hash));
}

export async function consumeSetupToken(q: Queryable): Promise<void> {
  await q.exec('DELETE FROM settings WHERE key = $1', [KEY]);
}
