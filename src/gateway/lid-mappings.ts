// LID-only contacts (issue 21): WhatsApp may address a person by LID alone. Every message
// that shows both ids teaches us the pair (kept here, beside Baileys' own mapping), so a
// later LID-only message is matched to the phone; a member's stored LID counts too.
import type { Ctx } from '../context.js';
import type { Db, Queryable } from '../db/database.js';
import { isOptOutText, loadOptOutWords, recordOptOutReply } from '../suppression.js';
import type { SenderIds } from './baileys-inbound.js';

/** Fills in the phone of a LID-only sender from what we learned before; learns a new pair. */
export async function resolveLid(db: Db | Queryable, ids: SenderIds, at: Date): Promise<SenderIds> {
  if (!ids.fromLid) return ids;
  if (ids.fromPhone) {
    await db.exec(
      `INSERT INTO lid_mappings (lid, phone, seen_at) VALUES ($1, $2, $3)
       ON CONFLICT (lid) DO UPDATE SET phone = EXCLUDED.phone, seen_at = greatest(lid_mappings.seen_at, EXCLUDED.seen_at)`,
      [ids.fromLid, ids.fromPhone, at]);
    return ids;
  }
  const known = await db.one<{ phone: string }>(
    `SELECT phone FROM lid_mappings WHERE lid = $1
     UNION ALL SELECT phone FROM members WHERE lid = $1 LIMIT 1`, [ids.fromLid]);
  return known ? { ...ids, fromPhone: known.phone } : ids;
}

/** A stranger's STOP from a LID no mapping knows yet: kept until the phone is learned. */
export async function holdLidOptOut(ctx: Ctx, input: { sessionId: number; lid: string; text: string; at: Date }): Promise<boolean> {
  if (!isOptOutText(input.text, await loadOptOutWords(ctx.db))) return false;
  await ctx.db.exec(
    // Only for a sender that exists (a message naming no known session changes nothing).
    `INSERT INTO pending_lid_opt_outs (lid, session_id, body, received_at)
     SELECT $1, id, $3, $4 FROM sender_sessions WHERE id = $2
     ON CONFLICT (lid, session_id) DO UPDATE SET body = EXCLUDED.body, received_at = EXCLUDED.received_at`,
    [input.lid, input.sessionId, input.text.slice(0, 500), input.at]);
  ctx.log.info({ sessionId: input.sessionId }, 'opt-out from an unmapped LID kept until its phone is known');
  return true;
}

/** The phone of a LID is known now: opt-outs that LID sent earlier suppress that phone. */
export async function applyHeldLidOptOuts(ctx: Ctx, lid: string, phone: string): Promise<number> {
  const held = await ctx.db.query<{ session_id: number; body: string }>(
    'DELETE FROM pending_lid_opt_outs WHERE lid = $1 RETURNING session_id, body', [lid]);
  for (const h of held) await recordOptOutReply(ctx, { sessionId: h.session_id, fromPhone: phone, text: h.body });
  return held.length;
}
