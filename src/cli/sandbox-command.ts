// `wa-chatops sandbox …`: what the real WhatsApp network does to a sender, played on sandbox
// senders (a stable interface tests and other tools rely on).
//   sandbox timelock --sender SESSION --minutes N   the sender is reach-out locked for N minutes
//   sandbox inbound --from +E164 [--lid ID] [--sender SESSION] "text"   a recipient writes to a sender
import { InvalidArgumentError, type Command } from 'commander';
import type { Ctx } from '../context.js';
import type { SendWhatsApp } from '../dispatch/notify-owner.js';
import { recordContactWrote, recordReachoutState } from '../gateway/reachout-lock.js';
import { requireE164 } from '../phone.js';
import { createRouter } from '../router/router.js';
import { sandboxFilesDir } from '../gateway/sandbox-files.js';
import { SandboxChannel } from '../gateway/sandbox-channel.js';
import { ensureSandboxOperatorSession } from '../senders/ensure-sandbox-operator.js';

type Run = (fn: (ctx: Ctx) => Promise<void>) => Promise<void>;

function wholeNumber(raw: string): number {
  if (!/^\d+$/.test(raw.trim())) throw new InvalidArgumentError(`expected a whole number, got "${raw}"`);
  return Number(raw);
}

/** A sandbox sender of an account, or a clear refusal. */
async function sandboxSender(ctx: Ctx, sessionId: number): Promise<void> {
  const row = await ctx.db.one<{ transport: string; status: string }>('SELECT transport, status FROM sender_sessions WHERE id = $1', [sessionId]);
  if (!row || row.status === 'removed') throw new Error(`no sender session ${sessionId}`);
  if (row.transport !== 'sandbox' && ctx.config.waTransport !== 'sandbox') {
    throw new Error(`session ${sessionId} is a real WhatsApp number; the sandbox commands play only on sandbox senders (or with WA_TRANSPORT=sandbox)`);
  }
}

/** Sends the platform's messages to owners through the sandbox operator number, as `start` would. */
export async function withSandboxOperator<T>(ctx: Ctx, fn: (notify: SendWhatsApp, operator: SandboxChannel) => Promise<T>): Promise<T> {
  const sessionId = await ensureSandboxOperatorSession(ctx.db, ctx.config);
  const session = await ctx.db.one<{ phone: string | null }>('SELECT phone FROM sender_sessions WHERE id = $1', [sessionId]);
  const channel = new SandboxChannel({ sessionId, db: ctx.db, log: ctx.log, phone: session?.phone, deliveredMs: 0, readMs: -1, failureRate: 0, filesDir: sandboxFilesDir(ctx.config) });
  await channel.connect();
  try {
    return await fn(async (to, text) => { await channel.send(to, { kind: 'text', text }); }, channel);
  } finally {
    await channel.close();
  }
}

/** The sender is reach-out locked for `minutes` (0 lifts the lock), as WhatsApp's notification says it. */
export async function playTimelock(ctx: Ctx, sessionId: number, minutes: number): Promise<{ until: Date | null }> {
  await sandboxSender(ctx, sessionId);
  const until = minutes > 0 ? new Date(ctx.clock.now().getTime() + minutes * 60_000) : null;
  await withSandboxOperator(ctx, (notify) => recordReachoutState(ctx, until ? { sessionId, locked: true, until, enforcementType: 'DEFAULT' } : { sessionId, locked: false }, notify));
  return { until };
}

/** The sender a recipient writes to by default: the one that last sent to that number. */
async function lastSenderTo(ctx: Ctx, phone: string): Promise<number> {
  const row = await ctx.db.one<{ id: number }>(
    `SELECT id FROM (
       (SELECT sender_session_id AS id, updated_at AS at FROM outbox WHERE phone = $1 AND sender_session_id IS NOT NULL ORDER BY updated_at DESC LIMIT 1)
       UNION ALL
       (SELECT session_id AS id, created_at AS at FROM sandbox_messages WHERE direction = 'out' AND to_phone = $1 ORDER BY id DESC LIMIT 1)) x
      ORDER BY at DESC LIMIT 1`, [phone]);
  if (!row) throw new Error(`no sender has written to ${phone}; name one with --sender`);
  return row.id;
}

/**
 * A recipient writes to a sender, as the running product would receive it: recorded, then
 * through the router (a STOP is honoured, an owner's command answered). With `lid` the
 * message carries only the LID. Returns what the router sent back to that person.
 */
export async function playInbound(ctx: Ctx, input: { from: string; lid?: string; sender?: number; text: string }): Promise<{ sessionId: number; replies: Array<{ to: string; text: string }> }> {
  const from = requireE164(input.from, ctx.config.defaultCountry);
  const sessionId = input.sender ?? await lastSenderTo(ctx, from);
  await sandboxSender(ctx, sessionId);
  const session = await ctx.db.one<{ phone: string | null }>('SELECT phone FROM sender_sessions WHERE id = $1', [sessionId]);
  const channel = new SandboxChannel({ sessionId, db: ctx.db, log: ctx.log, phone: session?.phone, deliveredMs: 0, readMs: -1, failureRate: 0, filesDir: sandboxFilesDir(ctx.config) });
  await channel.connect();
  const replies: Array<{ to: string; text: string }> = [];
  try {
    const router = await createRouter(ctx, {
      async reply(_sid, to, content) {
        await channel.send(to, content);
        replies.push({ to, text: content.kind === 'text' ? content.text : `[${content.kind}]` });
      },
    });
    const msg = await channel.inject({ fromPhone: from, lid: input.lid, text: input.text });
    if (msg) {
      await recordContactWrote(ctx.db, sessionId, msg.fromPhone, msg.timestamp);
      await router.handle(msg);
    }
  } finally {
    await channel.close();
  }
  return { sessionId, replies };
}

export function registerSandboxCommands(program: Command, run: Run): void {
  const sandbox = program.command('sandbox').description('play what the WhatsApp network does (locks, replies, calls) on sandbox senders');

  sandbox.command('timelock')
    .description('the sender is reach-out locked for N minutes: it sends only to contacts who wrote to it (0 lifts the lock)')
    .requiredOption('--sender <session>', 'the sandbox sender session id', wholeNumber)
    .requiredOption('--minutes <n>', 'how long the lock lasts', wholeNumber)
    .action((opts: { sender: number; minutes: number }) => run(async (ctx) => {
      const { until } = await playTimelock(ctx, opts.sender, opts.minutes);
      console.log(until ? `sender ${opts.sender} is reach-out locked until ${until.toISOString()}` : `sender ${opts.sender} is no longer reach-out locked`);
    }));

  sandbox.command('inbound')
    .description('a recipient writes to a sender (default: the sender that last wrote to that number); --lid: the message shows only that LID')
    .requiredOption('--from <phone>', 'the recipient, in international format (+923001234567)')
    .option('--lid <id>', 'the recipient\'s LID (digits, or digits@lid): the message arrives by LID only')
    .option('--sender <session>', 'the sandbox sender session that receives it', wholeNumber)
    .argument('<text...>', 'the message text')
    .action((words: string[], opts: { from: string; lid?: string; sender?: number }) => run(async (ctx) => {
      if (opts.lid !== undefined && !/^\d{1,20}(@lid)?$/.test(opts.lid)) throw new Error(`--lid: expected digits (or digits@lid), got "${opts.lid}"`);
      const r = await playInbound(ctx, { from: opts.from, lid: opts.lid, sender: opts.sender, text: words.join(' ') });
      console.log(`received by sender ${r.sessionId}`);
      for (const reply of r.replies) console.log(`→ ${reply.to}: ${reply.text}`);
    }));
}
