// An inbound message from the journal to the router and back: handled, then marked handled.
// A crash in between leaves it unhandled in the journal; `recoverInbound` hands such messages
// to the router again (replay), on start and every few seconds, for the sessions this process
// drives. Answers carry ids derived from the message, so one already sent is not sent again.
import type { Ctx } from '../context.js';
import type { InboundMessage } from '../gateway/channel.js';
import { claimUnhandledInbound, markInboundHandled } from '../gateway/inbound-journal.js';
import type { Router } from './router.js';

/** Handles a message that the channel has written to the journal, then marks it handled. */
export async function handleRecorded(ctx: Ctx, router: Router, msg: InboundMessage, opts: { replay?: boolean } = {}): Promise<boolean> {
  // Fault tests kill the process in this gap (INBOUND_HANDLE_DELAY_MS, 0 in production).
  if (ctx.config.inboundHandleDelayMs > 0) await new Promise((r) => setTimeout(r, ctx.config.inboundHandleDelayMs));
  const ok = await router.handle(msg, opts);
  if (ok) await markInboundHandled(ctx.db, msg.sessionId, msg.id, opts.replay ? 'replayed' : 'handled');
  return ok;
}

/** Handles again the messages a crash (or a failed attempt) left unhandled; returns how many. */
export async function recoverInbound(ctx: Ctx, router: Router, sessionIds: number[], before?: (m: InboundMessage) => Promise<void>): Promise<number> {
  let handled = 0;
  for (;;) {
    const { messages, gaveUp } = await claimUnhandledInbound(ctx.db, sessionIds, ctx.config.inboundRecoverAfterMs);
    if (gaveUp) ctx.log.error({ count: gaveUp }, 'inbound messages given up after repeated failures to handle them');
    if (!messages.length) return handled;
    for (const m of messages) {
      ctx.log.info({ sessionId: m.sessionId, messageId: m.id }, 'handling an inbound message left unhandled (crash or failure)');
      await before?.(m);
      if (await handleRecorded(ctx, router, m, { replay: true })) handled++;
    }
  }
}
