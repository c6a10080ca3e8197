// An account with its plan: the one statement that joins an account to its plan, for every
// reader of an account's own facts (the router, commands, launch, receipts, the console).
import type { Queryable } from '../db/database.js';
import type { PlanRow } from '../billing/plans.js';
import type { Lang } from '../i18n/lang.js';

export interface AccountWithPlan {
  id: number;
  name: string;
  status: 'active' | 'suspended' | 'erased';
  suspended_reason: string | null;
  plan_id: number;
  plan_name: string;
  default_country: string;
  timezone: string;
  language: Lang;
  created_at: Date;
  plan: PlanRow;
}

/** `lock`: FOR UPDATE of the account row (launch and sender limits serialise on it). */
export async function getAccountWithPlan(q: Queryable, accountId: number, opts: { lock?: boolean } = {}): Promise<AccountWithPlan | undefined> {
  return q.one<AccountWithPlan>(
    `SELECT a.id, a.name, a.status, a.suspended_reason, a.plan_id, p.name AS plan_name, a.default_country, a.timezone, a.language,
            a.created_at, to_jsonb(p) - 'created_at' AS plan
       FROM accounts a JOIN plans p ON p.id = a.plan_id WHERE a.id = $1${opts.lock ? ' FOR UPDATE OF a' : ''}`, [accountId]);
}
