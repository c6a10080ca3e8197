// Console users accept the current terms version before they see anything else. The terms
// themselves (versions, default text, recording) live in src/terms.ts.
import type { Ctx } from '../context.js';
import { currentTerms, ensureDefaultTerms, findAdminAcceptance, type TermsVersion } from '../terms.js';
import type { ConsoleUser } from './login.js';

/** The version in force; the shipped default is published on first need. */
export async function termsInForce(ctx: Ctx): Promise<TermsVersion> {
  return (await currentTerms(ctx.db)) ?? ensureDefaultTerms(ctx.db);
}

export async function consoleUserAcceptedTerms(ctx: Ctx, user: ConsoleUser): Promise<boolean> {
  const terms = await termsInForce(ctx);
  return Boolean(await findAdminAcceptance(ctx.db, user.id, terms.id));
}
