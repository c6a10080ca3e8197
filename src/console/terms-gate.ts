// Console users accept the current terms version before they see anything else. The terms
// themselves (versions, default text, recording) live in src/terms.ts.
import type { Ctx } from '../context.js';
import { currentTerms, ensureDefaultTerms, type TermsVersion } from '../terms.js';
import type { ConsoleUser } from './login.js';

/** The version in force; the shipped default is published on first need. */
export async function termsInForce(ctx: Ctx): Promise<TermsVersion> {
  return (await currentTerms(ctx.db)) ?? ensureDefaultTerms(ctx.db);
}

export async function consoleUserAcceptedTerms(ctx: Ctx, user: ConsoleUser): Promise<boolean> {
  const terms = await termsInForce(ctx);
  const row = await ctx.db.one('SELECT 1 FROM terms_acceptances WHERE admin_user_id = $1 AND terms_version_id = $2 LIMIT 1', [user.id, terms.id]);
  return Boolean(row);
}
