// A sender's own proxy (issue 21 item 8): its WhatsApp socket (and media uploads) go out through
// a SOCKS or HTTP(S) proxy, so several senders on one server do not share one IP address with
// WhatsApp. Kept encrypted on the sender row (the URL may carry a password); applied when the
// sender's socket is next made, so a change takes effect at its next reconnect or restart.
import type { Agent } from 'node:https';
import { createRequire } from 'node:module';
import { AppError } from '../app-error.js';
import { audit, type Actor } from '../audit.js';
import type { Queryable } from '../db/database.js';
import { decrypt, encrypt } from '../secrets.js';

const SCHEMES = ['socks:', 'socks4:', 'socks4a:', 'socks5:', 'socks5h:', 'http:', 'https:'];

/** The proxy URL as given, checked: a known scheme, a host and a port. */
export function parseProxyUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new AppError('sender.proxy.invalid', { url: maskProxy(raw) });
  }
  if (!SCHEMES.includes(url.protocol) || !url.hostname) throw new AppError('sender.proxy.invalid', { url: maskProxy(raw) });
  if (!url.port && url.protocol.startsWith('socks')) throw new AppError('sender.proxy.invalid', { url: maskProxy(raw) });
  return url;
}

/** The URL with its password hidden, for lists, logs and the audit trail. */
export function maskProxy(raw: string): string {
  try {
    const u = new URL(raw.trim());
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return raw.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}

/** The agent a socket (and fetch) goes through for `raw`. */
export function proxyAgent(raw: string): Agent {
  const url = parseProxyUrl(raw);
  // Both are agent-base agents (http.Agent); Baileys types its options as https.Agent.
  // Required only for a sender that has a proxy.
  const requireCjs = createRequire(import.meta.url);
  if (url.protocol.startsWith('socks')) {
    const { SocksProxyAgent } = requireCjs('socks-proxy-agent') as typeof import('socks-proxy-agent');
    return new SocksProxyAgent(url) as unknown as Agent;
  }
  const { HttpsProxyAgent } = requireCjs('https-proxy-agent') as typeof import('https-proxy-agent');
  return new HttpsProxyAgent(url) as unknown as Agent;
}

const aad = (sessionId: number) => `sender-proxy:${sessionId}`;

/** Sets (or, with null, removes) sender `sessionId`'s proxy. */
export async function setSenderProxy(q: Queryable, key: Buffer, sessionId: number, raw: string | null, actor: Actor): Promise<void> {
  const url = raw === null ? null : parseProxyUrl(raw).toString();
  const row = await q.one<{ account_id: number | null }>(
    `UPDATE sender_sessions SET proxy_enc = $2 WHERE id = $1 AND status <> 'removed' RETURNING account_id`,
    [sessionId, url === null ? null : encrypt(key, Buffer.from(url), aad(sessionId))]);
  if (!row) throw new AppError('sender.not_found', { id: String(sessionId) });
  await audit(q, actor, url === null ? 'sender.proxy.remove' : 'sender.proxy.set', row.account_id, { sessionId, proxy: url === null ? null : maskProxy(url) });
}

/** Sender `sessionId`'s proxy URL, if it has one. */
export async function getSenderProxy(q: Queryable, key: Buffer, sessionId: number): Promise<string | undefined> {
  const row = await q.one<{ proxy_enc: Buffer | null }>('SELECT proxy_enc FROM sender_sessions WHERE id = $1', [sessionId]);
  return row?.proxy_enc ? decrypt(key, row.proxy_enc, aad(sessionId)).toString() : undefined;
}
