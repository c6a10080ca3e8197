// `wa-chatops sandbox …`: what the real WhatsApp network does to a sender, played on sandbox
// senders (a stable interface tests and other tools rely on).
//   sandbox timelock --sender SESSION --minutes N   the sender is reach-out locked for N minutes
import { InvalidArgumentError, type Command } from 'commander';
import type { Ctx } from '../context.js';
import type { SendWhatsApp } from '../dispatch/notify-owner.js';
import { recordReachoutState } from '../gateway/reachout-lock.js';
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
  const channel = new SandboxChannel({ sessionId, db: ctx.db, log: ctx.log, phone: session?.phone, deliveredMs: 0, readMs: -1, failureRate: 0 });
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
}
