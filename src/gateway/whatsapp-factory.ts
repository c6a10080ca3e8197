// Builds a session's Baileys channel: encryption key, PostgreSQL auth state, WA Web version.
// Loaded on demand so sandbox-only processes never load Baileys.
import type { Ctx } from '../context.js';
import { loadEncryptionKey } from '../secrets.js';
import { usePostgresAuthState } from './auth-store.js';
import { filterLibsignalConsole } from './libsignal-log-filter.js';
import type { SessionRow } from '../senders/session-row.js';
import { resolveWaVersion } from './wa-version.js';
import { WhatsAppChannel } from './whatsapp-channel.js';

const keys = new WeakMap<Ctx['config'], Buffer>();

export async function createWhatsAppChannel(ctx: Ctx, row: SessionRow): Promise<WhatsAppChannel> {
  let key = keys.get(ctx.config);
  if (!key) {
    key = loadEncryptionKey(ctx.config, ctx.log);
    keys.set(ctx.config, key);
  }
  filterLibsignalConsole(ctx.log);
  const log = ctx.log.child({ sessionId: row.id });
  const auth = await usePostgresAuthState(ctx.db, row.id, key);
  return new WhatsAppChannel({ sessionId: row.id, db: ctx.db, log, auth, version: () => resolveWaVersion(ctx.log) });
}
