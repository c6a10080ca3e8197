// Issue 21 (8b): a sender's own proxy, set by the admin's CLI, kept encrypted, and used for
// that sender's Baileys socket (a fake socket factory records the options it is made with).
import { expect } from 'chai';
import { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { SocksProxyAgent } from 'socks-proxy-agent';
import { registerSessionCommands } from '../../src/cli/session-command.js';
import type { Ctx } from '../../src/context.js';
import { PINNED_WA_VERSION } from '../../src/gateway/wa-version.js';
import { createWhatsAppChannel } from '../../src/gateway/whatsapp-factory.js';
import { addSession, getSession } from '../../src/senders/index.js';
import { useTestDb } from '../helpers/pg.js';
import { consoleApp, makeUser, signIn, submit } from '../console/helpers.js';
import { FakeSocketFactory } from './helpers/fake-socket.js';
import { gatewayCtx } from './helpers/ctx.js';

describe('per-sender proxy (issue 21 item 8)', () => {
  const t = useTestDb();
  let ctx: Ctx;
  before(() => { ctx = gatewayCtx(t.db, { ENCRYPTION_KEY: randomBytes(32).toString('hex') }); });

  async function cli(line: string): Promise<{ out: string; error?: string }> {
    const program = new Command().exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
    registerSessionCommands(program, (fn) => fn(ctx));
    const lines: string[] = [];
    const log = console.log;
    console.log = (...a: unknown[]) => { lines.push(a.join(' ')); };
    try {
      await program.parseAsync(['node', 'wa-chatops', ...line.split(' ')]);
      return { out: lines.join('\n') };
    } catch (e) {
      return { out: lines.join('\n'), error: (e as Error).message };
    } finally {
      console.log = log;
    }
  }

  async function socketOptions(sessionId: number) {
    const sockets = new FakeSocketFactory();
    const channel = await createWhatsAppChannel(ctx, (await getSession(t.db, sessionId))!, { makeSocket: sockets.make, version: async () => PINNED_WA_VERSION });
    try {
      await channel.connect();
      return sockets.last.config;
    } finally {
      await channel.close();
    }
  }

  it('session proxy ID URL: the socket is made with a SOCKS agent for that proxy; the password is stored encrypted and never shown', async () => {
    const id = (await addSession(t.db, { transport: 'whatsapp', purpose: 'both' })).id;
    const other = (await addSession(t.db, { transport: 'whatsapp', purpose: 'both' })).id;
    const set = await cli(`session proxy ${id} socks5://shop:s3cret@10.1.2.3:1080`);
    expect(set.error).to.equal(undefined);
    expect(set.out).to.include('socks5://shop:***@10.1.2.3:1080').and.not.include('s3cret');
    const stored = await t.db.one<{ proxy_enc: Buffer }>('SELECT proxy_enc FROM sender_sessions WHERE id = $1', [id]);
    expect(stored!.proxy_enc.toString('latin1')).to.not.include('s3cret').and.not.include('10.1.2.3');
    expect((await cli(`session proxy ${id}`)).out).to.equal(`session ${id} goes through socks5://shop:***@10.1.2.3:1080`);
    const audit = await t.db.one<{ details: { proxy: string } }>(`SELECT details FROM audit_log WHERE action = 'sender.proxy.set' ORDER BY id DESC LIMIT 1`);
    expect(audit!.details.proxy).to.not.include('s3cret');

    const opts = await socketOptions(id);
    expect(opts.agent).to.be.instanceOf(SocksProxyAgent);
    const proxy = (opts.agent as unknown as SocksProxyAgent).proxy;
    expect([proxy.host, proxy.port, proxy.userId, proxy.password]).to.deep.equal(['10.1.2.3', 1080, 'shop', 's3cret']);
    expect(opts.fetchAgent).to.equal(opts.agent);
    // The other sender of the same server connects directly.
    expect((await socketOptions(other)).agent).to.equal(undefined);
  });

  it('an HTTP proxy gets an HTTP CONNECT agent; "off" removes it; a bad URL is refused with what to give', async () => {
    const id = (await addSession(t.db, { transport: 'whatsapp', purpose: 'both' })).id;
    expect((await cli(`session proxy ${id} http://proxy.example:3128`)).error).to.equal(undefined);
    const opts = await socketOptions(id);
    expect(opts.agent).to.be.instanceOf(HttpsProxyAgent);
    expect((opts.agent as unknown as HttpsProxyAgent<string>).proxy.href).to.equal('http://proxy.example:3128/');
    expect((await cli(`session proxy ${id} off`)).out).to.include('proxy removed');
    expect((await socketOptions(id)).agent).to.equal(undefined);
    const bad = await cli(`session proxy ${id} ftp://proxy.example:21`);
    expect(bad.error).to.include('socks5://host:port');
    expect((await cli('session proxy 99999 socks5://h:1')).error).to.include('no sender session with id 99999');
  });

  it('the console\'s sender page lets an admin set and remove the proxy, and never shows its password', async () => {
    const id = (await addSession(t.db, { transport: 'whatsapp', purpose: 'both' })).id;
    const app = consoleApp(ctx);
    await makeUser(t.db, 'proxy-admin@example.com');
    const admin = await signIn(app, 'proxy-admin@example.com');
    expect((await admin.get(`/senders/${id}`)).text).to.include('directly, from this server');
    const bad = await submit(admin, `/senders/${id}`, `/senders/${id}/proxy`, { url: 'ftp://x:1' });
    expect((await admin.get(bad.headers.location!)).text).to.include('socks5://host:port');
    const ok = await submit(admin, `/senders/${id}`, `/senders/${id}/proxy`, { url: 'socks5://shop:s3cret@10.9.8.7:1080' });
    const page = (await admin.get(ok.headers.location!)).text;
    expect(page).to.include('socks5://shop:***@10.9.8.7:1080').and.not.include('s3cret');
    expect((await socketOptions(id)).agent).to.be.instanceOf(SocksProxyAgent);
    await submit(admin, `/senders/${id}`, `/senders/${id}/proxy`, { url: '' });
    expect((await socketOptions(id)).agent).to.equal(undefined);
    await makeUser(t.db, 'proxy-viewer@example.com', 'viewer');
    const viewer = await signIn(app, 'proxy-viewer@example.com');
    expect((await viewer.get(`/senders/${id}`)).text).to.not.include('Proxy URL');
  });
});
