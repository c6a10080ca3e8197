// `wa-chatops session add|list|remove|proxy|link`: sender sessions without the console.
import { InvalidArgumentError, type Command } from 'commander';
import QRCode from 'qrcode';
import type { Ctx } from '../context.js';
import { SessionManager } from '../gateway/session-manager.js';
import { loadEncryptionKey } from '../secrets.js';
import { getSenderProxy, maskProxy, setSenderProxy } from '../senders/sender-proxy.js';
import {
  addSession, CHANNEL_KINDS, CHANNEL_TRANSPORTS, getSession, listSessions, PURPOSES, removeSession, requestRelink, TRANSPORTS, type ChannelKind, type SessionPurpose, type SessionTransport,
} from '../senders/index.js';

type Run = (fn: (ctx: Ctx) => Promise<void>) => Promise<void>;
const CLI_ACTOR = { type: 'admin' as const, label: 'cli' };

function positiveInt(raw: string): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw new InvalidArgumentError(`expected a positive whole number, got "${raw}"`);
  return Number(raw);
}

function oneOf<T extends string>(values: readonly T[]) {
  return (raw: string): T => {
    if (!(values as readonly string[]).includes(raw)) throw new InvalidArgumentError(`expected one of ${values.join(', ')}, got "${raw}"`);
    return raw as T;
  };
}

export function registerSessionCommands(program: Command, run: Run): void {
  const session = program.command('session').description('manage sender sessions (WhatsApp numbers and sandbox senders)');

  session.command('add')
    .description('add a sender session for an account (or --operator for the platform number)')
    .option('--account <id>', 'account the number sends for', positiveInt)
    .option('--operator', 'the platform operator number owners text commands to (no account)')
    .option('--transport <transport>', 'whatsapp or sandbox; for --channel sms: smpp, sms_http or sandbox; for --channel email: smtp or sandbox', oneOf(TRANSPORTS))
    .option('--channel <channel>', 'what it sends: whatsapp, sms (an SMPP bind or the HTTP provider) or email (the SMTP account)', oneOf(CHANNEL_KINDS), 'whatsapp')
    .option('--purpose <purpose>', 'commands, campaigns or both', oneOf(PURPOSES), 'both')
    .option('--label <text>', 'a name shown in lists')
    .action((opts: { account?: number; operator?: boolean; transport?: SessionTransport; channel: ChannelKind; purpose: SessionPurpose; label?: string }) => run(async (ctx) => {
      if (!opts.account && !opts.operator) throw new Error('give --account ID, or --operator for the platform\'s own number');
      if (opts.account && opts.operator) throw new Error('give either --account or --operator, not both');
      const transport = opts.transport ?? CHANNEL_TRANSPORTS[opts.channel][0]!;
      const row = await addSession(ctx.db, { accountId: opts.account ?? null, transport, channel: opts.channel, purpose: opts.purpose, label: opts.label }, CLI_ACTOR);
      console.log(`session ${row.id} added (${row.channel === 'whatsapp' ? '' : `${row.channel} `}${row.transport}, ${row.purpose}${row.account_id ? `, account ${row.account_id}` : ', operator number'})`);
      if (row.transport === 'whatsapp') console.log(`link it with: wa-chatops session link ${row.id}   (or from the console)`);
    }));

  session.command('list')
    .description('sessions with status, phone and health')
    .option('--account <id>', 'only this account', positiveInt)
    .action((opts: { account?: number }) => run(async (ctx) => {
      const rows = await listSessions(ctx.db, { accountId: opts.account });
      if (!rows.length) { console.log('no sender sessions; add one with: wa-chatops session add --account ID'); return; }
      const table = rows.map((r) => ({
        id: String(r.id), account: r.account_id === null ? 'operator' : String(r.account_id), transport: r.transport,
        purpose: r.purpose, status: r.status, phone: r.phone ?? '-', health: r.health,
      }));
      const cols = Object.keys(table[0]!) as Array<keyof (typeof table)[number]>;
      const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...table.map((r) => r[c].length))]));
      console.log(cols.map((c) => c.toUpperCase().padEnd(width[c]!)).join('  ').trimEnd());
      for (const r of table) console.log(cols.map((c) => r[c].padEnd(width[c]!)).join('  ').trimEnd());
    }));

  session.command('remove')
    .description('remove a session and wipe its WhatsApp credentials')
    .argument('<id>', 'session id', positiveInt)
    .action((id: number) => run(async (ctx) => {
      await removeSession(ctx.db, id, CLI_ACTOR);
      console.log(`session ${id} removed; its credentials are wiped (also remove the linked device on the phone)`);
    }));

  session.command('proxy')
    .description('send this session through its own SOCKS or HTTP proxy (own IP per number); "off" removes it; applies at its next connect')
    .argument('<id>', 'session id', positiveInt)
    .argument('[url]', 'socks5://[user:password@]host:port, socks4://host:port, http://host:port or off; none shows the current one')
    .action((id: number, url: string | undefined) => run(async (ctx) => {
      const key = loadEncryptionKey(ctx.config, ctx.log);
      if (url === undefined) {
        const now = await getSenderProxy(ctx.db, key, id);
        console.log(now ? `session ${id} goes through ${maskProxy(now)}` : `session ${id} has no proxy (it uses this server's own address)`);
        return;
      }
      const off = url.toLowerCase() === 'off' || url.toLowerCase() === 'none';
      await setSenderProxy(ctx.db, key, id, off ? null : url, CLI_ACTOR);
      console.log(off ? `session ${id}: proxy removed; it connects directly from its next connect`
        : `session ${id} goes through ${maskProxy(url)} from its next connect (restart or relink it to apply now)`);
    }));

  session.command('link')
    .description('link a WhatsApp session by scanning a QR code shown in this terminal')
    .argument('<id>', 'session id', positiveInt)
    .option('--force', 'relink even if the session is linked now')
    .action((id: number, opts: { force?: boolean }) => run((ctx) => linkInTerminal(ctx, id, Boolean(opts.force))));
}

async function linkInTerminal(ctx: Ctx, id: number, force: boolean): Promise<void> {
  const row = await getSession(ctx.db, id);
  if (!row || row.status === 'removed') throw new Error(`no sender session with id ${id}`);
  if (row.transport !== 'whatsapp' || ctx.config.waTransport === 'sandbox') throw new Error(`session ${id} runs on the sandbox; there is nothing to link`);
  if (row.status === 'open' && !force) throw new Error(`session ${id} is linked (${row.phone ?? 'unknown number'}); use --force to link it again`);
  if (row.owner_id && row.lease_until && row.lease_until.getTime() > Date.now()) {
    throw new Error(`session ${id} is driven by ${row.owner_id}; link it from that process's console, or stop it first`);
  }
  await requestRelink(ctx.db, id, CLI_ACTOR);
  const manager = new SessionManager(ctx, { ownerId: `cli-link-${process.pid}`, onlySessionIds: [id] });
  manager.on('qr', (e) => {
    void QRCode.toString(e.qr, { type: 'terminal', small: true }).then((art) => {
      console.log(`\nScan with WhatsApp > Linked devices > Link a device (valid until ${e.expiresAt.toLocaleTimeString()}):\n${art}`);
    });
  });
  const outcome = new Promise<string>((resolve, reject) => {
    manager.on('status', ({ status }) => {
      if (status.state === 'open') resolve(`session ${id} linked as ${status.phone ?? 'unknown number'}`);
      else if (status.state === 'needs-relink' || status.state === 'logged-out' || status.state === 'replaced') reject(new Error(`linking failed: ${status.reason}`));
      else if (status.state === 'closed' && status.retryInMs === undefined) reject(new Error(status.reason));
    });
  });
  outcome.catch(() => undefined);
  await manager.start();
  try {
    if (!manager.ownedSessionIds().includes(id)) {
      const now = await getSession(ctx.db, id);
      throw new Error(`session ${id} is driven by ${now?.owner_id ?? 'another process'}; link it from that process's console, or stop it first`);
    }
    console.log(await outcome);
  } finally {
    await manager.stop();
  }
}
