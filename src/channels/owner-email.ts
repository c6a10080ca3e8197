// The account's own e-mail address (accounts.owner_email): where an e-mail campaign's demo goes
// (issue 16 item 4). Set by the owner in chat (`set email ADDRESS`); checked as the contacts'
// e-mail column is, stored lower-case.
import { AppError } from '../app-error.js';
import { audit, type Actor } from '../audit.js';
import type { Db } from '../db/database.js';

/** The same rule as the contacts' e-mail column (migration 0450). */
export const EMAIL_ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export async function setOwnerEmail(db: Db, accountId: number, raw: string, actor: Actor): Promise<string> {
  const email = raw.trim().replace(/^<|>$/g, '').toLowerCase();
  if (email.length > 254 || !EMAIL_ADDRESS.test(email)) throw new AppError('account.email.invalid', { email: raw.trim().slice(0, 80) });
  await db.tx(async (t) => {
    await t.exec('UPDATE accounts SET owner_email = $2, updated_at = now() WHERE id = $1', [accountId, email]);
    await audit(t, actor, 'account.owner_email', accountId, {});
  });
  return email;
}
