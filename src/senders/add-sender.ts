// A new sender session, within the plan's concurrent sender limit.
import { ConflictError, NotFoundError } from '../base-errors.js';
import { audit, SYSTEM, type Actor } from '../audit.js';
import type { Db, Queryable } from '../db/database.js';
import { getAccountWithPlan } from '../sql/get-account-with-plan.js';
import { SenderLimitError } from './errors.js';
import { CHANNEL_KINDS, CHANNEL_TRANSPORTS, PURPOSES, TRANSPORTS, type ChannelKind, type SessionPurpose, type SessionRow, type SessionTransport } from './session-row.js';

export interface NewSender {
  accountId?: number | null;
  transport: SessionTransport;
  /** whatsapp unless given; an SMS or e-mail session only sends campaigns. */
  channel?: ChannelKind;
  purpose: SessionPurpose;
  label?: string | null;
  /** `link sender +E164`: the number that will enter a pairing code (link requested at once). */
  pairingPhone?: string;
}

export async function addSession(db: Db, input: NewSender, actor: Actor = SYSTEM): Promise<SessionRow> {
  return db.tx((t) => addSessionIn(t, input, actor));
}

/** Inside a caller's transaction (account creation gives a sandbox account its sender). */
export async function addSessionIn(t: Queryable, input: NewSender, actor: Actor): Promise<SessionRow> {
  if (!TRANSPORTS.includes(input.transport)) throw new RangeError(`transport must be one of ${TRANSPORTS.join(', ')}, got "${input.transport}"`);
  if (!PURPOSES.includes(input.purpose)) throw new RangeError(`purpose must be one of ${PURPOSES.join(', ')}, got "${input.purpose}"`);
  const channel = input.channel ?? 'whatsapp';
  if (!CHANNEL_KINDS.includes(channel)) throw new RangeError(`channel must be one of ${CHANNEL_KINDS.join(', ')}, got "${channel}"`);
  if (!CHANNEL_TRANSPORTS[channel].includes(input.transport)) {
    throw new RangeError(`a ${channel} session sends through ${CHANNEL_TRANSPORTS[channel].join(' or ')}, not "${input.transport}"`);
  }
  // An SMS bind or SMTP account sends campaigns only (commands come over WhatsApp).
  const purpose = channel === 'whatsapp' ? input.purpose : 'campaigns';
  const accountId = input.accountId ?? null;
  if (accountId !== null && channel === 'whatsapp') await lockSenderRoom(t, accountId);
  const pairing = input.pairingPhone ?? null;
  const row = await t.one<SessionRow>(
    `INSERT INTO sender_sessions (account_id, transport, channel, purpose, label, warmup, pairing_phone, link_generation, status_reason)
     VALUES ($1, $2, $7, $3, $4, $5, $6, CASE WHEN $6::text IS NULL THEN 0 ELSE 1 END, CASE WHEN $6::text IS NULL THEN NULL ELSE 'linking' END)
     RETURNING *`,
    // Sandbox senders, SMS binds and SMTP accounts have no warm-up ladder (DESIGN.md §5).
    [accountId, input.transport, purpose, input.label ?? null, input.transport === 'whatsapp', pairing, channel],
  );
  await audit(t, actor, 'session.add', accountId, { sessionId: row!.id, transport: input.transport, channel, purpose });
  return row!;
}

/**
 * Locks the account row, so two concurrent adds cannot both pass the plan's sender limit,
 * and refuses when the limit is reached.
 */
export async function lockSenderRoom(t: Queryable, accountId: number): Promise<void> {
  const acc = await getAccountWithPlan(t, accountId, { lock: true });
  if (!acc) throw new NotFoundError(`no account with id ${accountId}`);
  if (acc.status === 'erased') throw new ConflictError(`account ${accountId} is erased`);
  const used = await countLiveSenders(t, accountId);
  if (used >= acc.plan.senders_allowed) throw new SenderLimitError(accountId, used, acc.plan.senders_allowed);
}

/** How many senders the account has (not removed) and how many its plan allows. */
export async function senderAllowance(q: Queryable, accountId: number): Promise<{ used: number; allowed: number }> {
  const acc = await getAccountWithPlan(q, accountId);
  if (!acc) throw new NotFoundError(`no account with id ${accountId}`);
  return { used: await countLiveSenders(q, accountId), allowed: acc.plan.senders_allowed };
}

async function countLiveSenders(q: Queryable, accountId: number): Promise<number> {
  return (await q.one<{ n: number }>(`SELECT count(*)::int AS n FROM sender_sessions WHERE account_id = $1 AND status <> 'removed' AND channel = 'whatsapp'`, [accountId]))!.n;
}
