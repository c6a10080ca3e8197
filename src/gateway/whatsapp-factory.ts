// Builds a session's Baileys channel: encryption key, PostgreSQL auth state, WA Web version.
// Loaded on demand so sandbox-only processes never load Baileys.
import type { WAVersion } from '@whiskeysockets/baileys';
import type { Ctx } from '../context.js';
import { loadEncryptionKey } from '../secrets.js';
import { usePostgresAuthState } from './auth-store.js';
import { filterLibsignalConsole } from './libsignal-log-filter.js';
import type { SessionRow } from '../senders/session-row.js';
import { getSenderProxy, maskProxy, proxyAgent } from '../senders/sender-proxy.js';
import { resolveWaVersion } from './wa-version.js';
import { WhatsAppChannel, type SocketFactory } from './whatsapp-channel.js';

const keys = new WeakMap<Ctx['config'], Buffer>();

/** `makeSocket` and `version`: tests pass a fake socket factory and a fixed version. */
export async function createWhatsAppChannel(ctx: Ctx, row: SessionRow, opts: { makeSocket?: SocketFactory; version?: () => Promise<WAVersion> } = {}): Promise<WhatsAppChannel> {
  let key = keys.get(ctx.config);
  if (!key) {
    key = loadEncryptionKey(ctx.config, ctx.log);
    keys.set(ctx.config, key);
  }
  filterLibsignalConsole(ctx.log);
  const log = ctx.log.child({ sessionId: row.id });
  const auth = await usePostgresAuthState(ctx.db, row.id, key);
  // The sender's own proxy (src/senders/sender-proxy.ts): the socket and media uploads go through it.
  const proxy = await getSenderProxy(ctx.db, key, row.id);
  if (proxy) log.info({ proxy: maskProxy(proxy) }, 'sender connects through its proxy');
  const agent = proxy ? proxyAgent(proxy) : undefined;
  return new WhatsAppChannel({
    sessionId: row.id, db: ctx.db, log, auth, version: opts.version ?? (() => resolveWaVersion(ctx.log)), makeSocket: opts.makeSocket,
    silentMs: ctx.config.senderSilentMs,
    ...(agent ? { socketConfig: { agent, fetchAgent: agent } } : {}),
  });
}
