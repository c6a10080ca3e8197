// The router fuzz shared by test/router/fuzz.test.ts (10,000 messages) and the fault suite's
// longer run: random and malformed messages, eight chats in flight. fuzzFailures() says what
// broke: unhandled rejections, replies to strangers, internal errors (an internal-error reply
// or an error the router logged), too few replies.
import { openDb, type Db } from '../../src/db/database.js';
import type { InboundMessage, MediaHandle } from '../../src/gateway/channel.js';
import { M } from '../../src/i18n/router-messages.js';
import type { CommandSpec } from '../../src/router/command-spec.js';
import { useTestDb } from '../helpers/pg.js';
import { createWorld, fileMedia, nextPhone } from '../router/router-world.js';

/**
 * A test database for a fuzz run, with a pool wide enough for its concurrency. Durability of
 * commits is not under test here: without the per-commit fsync the run takes a third of the time.
 */
export function useFuzzDb(): { db: Db } {
  const t = useTestDb();
  const holder = {} as { db: Db };
  before(async () => {
    await t.db.exec('DO $$ BEGIN EXECUTE format(\'ALTER DATABASE %I SET synchronous_commit = off\', current_database()); END $$');
    holder.db = await openDb({ url: t.url, poolMax: 8 });
  });
  after(async () => { await holder.db?.close(); });
  return holder;
}

const PIECES = ['create list', 'upload contacts to', 'launch', 'cancel', 'remove', 'from', 'yes', 'evet', 'haan', '123456', 'status', 'help',
  'topup', 'delete my account', 'campaign', 'for', ':', '{{name}}', '\n', '+92300', '0300 1234567', '💥', 'İPTAL', 'ğüşöç', "'; DROP TABLE accounts;--",
  '%s%n', '\u0000', '\u202e', '   ', 'STOP', 'band karo', 'bakiye', 'kitna', '9'.repeat(30), 'é'.repeat(5)];

function rng(seed: number): () => number {
  return () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
}

export interface RouterFuzzResult {
  messages: number; rejections: unknown[]; repliesToStrangers: number; replies: number;
  /** Internal-error replies and errors the router logged, each once with how often it happened. */
  internalErrors: string[];
}

const INTERNAL_ERROR_TEXTS = new Set(Object.values(M.internalError));

/** What a fuzz run must not show; empty when the router held. */
export function fuzzFailures(r: RouterFuzzResult): string[] {
  return [
    ...r.rejections.map((e) => `unhandled rejection: ${String(e)}`),
    // Each stranger gets one note a day on what the operator number is for, nothing more.
    ...(r.repliesToStrangers > 2 ? [`${r.repliesToStrangers} replies to strangers`] : []),
    ...r.internalErrors,
    ...(r.replies > r.messages / 2 ? [] : [`only ${r.replies} replies to ${r.messages} messages`]),
  ];
}

/** `commands`: what the router runs (the fuzz runner's own test gives it broken ones). */
export async function runRouterFuzz(db: Db, count: number, seed: number, opts: { commands?: readonly CommandSpec[] } = {}): Promise<RouterFuzzResult> {
  const w = await createWorld(db, { COMMAND_RATE_LIMIT: '100000' }, opts);
  const logged = new Map<string, number>();
  const note = (what: string) => logged.set(what, (logged.get(what) ?? 0) + 1);
  const log = Object.create(w.ctx.log) as typeof w.ctx.log;
  log.error = ((obj: unknown, msg?: string) => {
    const err = (obj as { err?: Error } | undefined)?.err;
    note(`logged error: ${typeof msg === 'string' ? msg : String(obj)}${err ? ` (${err.name}: ${err.message})` : ''}`);
  }) as typeof log.error;
  w.ctx.log = log;
  const a = await w.newAccount({ credits: 5 });
  await w.send(a.phone, 'create list fuzz');
  const strangers = [nextPhone(), nextPhone()];
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const rejections: unknown[] = [];
  const onRejection = (e: unknown) => rejections.push(e);
  process.on('unhandledRejection', onRejection);
  const badMedia: MediaHandle = { kind: 'document', fileName: 'x.csv', async download() { throw new Error('network gone'); } };
  const inFlight: Array<Promise<void>> = [];
  try {
    for (let i = 0; i < count; i++) {
      const r = rand();
      let text: string;
      if (r < 0.4) text = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => pick(PIECES)).join(' ');
      else if (r < 0.7) text = String.fromCharCode(...Array.from({ length: Math.floor(rand() * 40) }, () => Math.floor(rand() * 0xd7ff)));
      else if (r < 0.75) text = 'x'.repeat(4000 + Math.floor(rand() * 200));
      else text = pick(PIECES) + ' ' + Math.floor(rand() * 1e9).toString(36);
      const who = rand();
      const msg = {
        sessionId: rand() < 0.01 ? Number.NaN : 1,
        id: rand() < 0.05 ? `dup-${seed}-${Math.floor(rand() * 50)}` : `fz-${seed}-${i}`,
        fromPhone: who < 0.8 ? a.phone : who < 0.95 ? pick(strangers) : undefined,
        fromLid: who >= 0.95 ? 'nobody@lid' : undefined,
        text: rand() < 0.01 ? (undefined as unknown as string) : text,
        media: rand() < 0.03 ? (rand() < 0.5 ? badMedia : fileMedia(pick(['a.csv', 'b.exe', 'c.vcf', '']), text)) : undefined,
        timestamp: new Date(),
      } as InboundMessage;
      // Eight in flight at a time, as several chats arrive at once.
      inFlight.push(w.router.handle(msg).then(() => undefined));
      if (inFlight.length === 8) await Promise.all(inFlight.splice(0));
      if (i % 500 === 0) w.clock.advance(60_000);
    }
    await Promise.all(inFlight);
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('unhandledRejection', onRejection);
  }
  for (const s of w.sent) if (s.content.kind === 'text' && INTERNAL_ERROR_TEXTS.has(s.content.text)) note('internal-error reply');
  return {
    messages: count, rejections,
    repliesToStrangers: w.sent.filter((s) => s.to === strangers[0] || s.to === strangers[1]).length,
    replies: w.sent.length,
    internalErrors: [...logged].map(([what, n]) => `${what} ×${n}`),
  };
}
