// Delivery reports of the HTTP SMS provider (issue 16): NetGSM/Mutlucell-style providers call a
// URL we give them with the message id and its status. The URL carries a secret
// (/hooks/sms/SMS_CALLBACK_TOKEN), compared in constant time, so a stranger cannot forge a
// receipt; without the setting there is no endpoint. The id is the provider's (remembered at
// submit in provider_message_ids) or ours (a provider that echoes {{id}}). The report goes
// through applyReceipt like any channel's receipt: statuses never go backwards, a failure
// after `sent` gives the credit back.
import { timingSafeEqual } from 'node:crypto';
import type { Ctx } from '../../context.js';
import { applyReceipt } from '../../dispatch/receipts.js';

export type CallbackOutcome = 'delivered' | 'failed' | 'ignored' | 'unknown_message';

export function callbackTokenMatches(ctx: Pick<Ctx, 'config'>, given: string): boolean {
  const want = ctx.config.channels.smsCallbackToken;
  if (!want) return false;
  const a = Buffer.from(want);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** Applies one report (the callback's fields, query and body merged). */
export async function applyStatusCallback(ctx: Ctx, fields: Record<string, unknown>): Promise<CallbackOutcome> {
  const cb = ctx.config.channels.smsCallback;
  const id = text(fields[cb.idField])?.trim();
  const status = text(fields[cb.statusField])?.trim() ?? '';
  if (!id || id.length > 200) return 'unknown_message';
  const kind = new RegExp(cb.delivered, 'i').test(status) ? 'delivered' : new RegExp(cb.failed, 'i').test(status) ? 'failed' : undefined;
  if (!kind) return 'ignored';
  const row = await ctx.db.one<{ message_id: string; session_id: number }>(
    `SELECT p.message_id, p.session_id FROM provider_message_ids p JOIN sender_sessions s ON s.id = p.session_id
      WHERE p.provider_id = $1 AND s.transport = 'sms_http'
     UNION ALL
     SELECT o.wa_message_id, o.sender_session_id FROM outbox o
      WHERE o.wa_message_id = $1 AND o.channel = 'sms' AND o.sender_session_id IS NOT NULL
     LIMIT 1`, [id]);
  if (!row) return 'unknown_message';
  const reason = kind === 'failed' ? `SMS provider: ${(text(fields[cb.reasonField]) ?? status).slice(0, 200)}` : undefined;
  await applyReceipt(ctx, { sessionId: row.session_id, messageId: row.message_id, status: kind, reason, at: ctx.clock.now() });
  return kind;
}
