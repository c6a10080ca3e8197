// Command routing latency, three ways:
//  1. routing alone (no database): the grammar match, and grammar miss + NLU classification,
//     over a mix of texts — the figures the 2 ms / 5 ms targets are set for;
//  2. the whole router on a real PostgreSQL for one owner at a time (dedupe, member, terms,
//     handler, reply), for reference;
//  3. end to end in the running product (src/app.ts, sandbox transport, scheduler on): 50
//     owners each send a command at the same moment, timed from the inbound message to the
//     committed reply on the sandbox channel; several rounds, p99 over all of them.
// Run: node dist/bench/routing.js   (BENCH_N for samples per figure, BENCH_ROUNDS for part 3)
import os from 'node:os';
import path from 'node:path';
import { allCommands } from '../commands/index.js';
import { createAccount } from '../src/accounts.js';
import { startApp } from '../src/app.js';
import { SYSTEM } from '../src/audit.js';
import { loadConfig } from '../src/config.js';
import { openDb } from '../src/db/database.js';
import type { OutgoingContent } from '../src/gateway/channel.js';
import { IntentClassifier } from '../src/nlu/intent-classifier.js';
import { vocabularyOf } from '../src/understanding/account-vocabulary.js';
import { Understander } from '../src/understanding/understand.js';
import { buildTrainingCorpus } from '../src/router/nlu-training.js';
import { recordTermsAcceptance } from '../src/terms.js';
import { createTestDatabase, silentLog, startTestServer, stopTestServer } from '../test/helpers/pg.js';
import { createWorld } from '../test/router/router-world.js';
import { percentile, report } from './lib/report.js';

const N = Number(process.env.BENCH_N ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const OWNERS = 50;
const GRAMMAR_TEXTS = ['balance', 'help', 'lists', 'create list vip2', 'campaigns', 'status eid', 'pause eid', 'plan', "eid'i durdur", 'lauch promo'];
const NLU_TEXTS = ['how much credit do I have left', 'show me my contact lists', 'what can you do', 'how is eid going', 'jumma kahan tak pohanchi'];
const FOLLOW_UP = { text: '2', pending: { commandId: 'status', args: {}, arg: 'name', candidates: ['jumma', 'eid'], lang: 'en' as const, expiresAt: new Date(Date.now() + 3_600_000) } };

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const summary = (ms: number[]) => { const s = sorted(ms); return `median ${percentile(s, 50).toFixed(3)} ms, p99 ${percentile(s, 99).toFixed(3)} ms (n=${s.length})`; };

/** The whole understanding of a message (names, typos, grammar, NLU, arguments) for an account of 8 names, without the database. */
async function routingAlone(): Promise<void> {
  const classifier = await IntentClassifier.load(buildTrainingCorpus(allCommands));
  const understander = new Understander(allCommands, async () => classifier);
  const vocab = vocabularyOf([
    ...['vip', 'wholesale', 'karachi', 'test'].map((name) => ({ kind: 'list' as const, name })),
    ...['eid', 'jumma', 'promo', 'newyear'].map((name) => ({ kind: 'campaign' as const, name, status: 'draft' })),
  ]);
  const input = (text: string) => ({ text, vocab, lastLang: 'en' as const, accountLang: 'en' as const });
  for (const t of GRAMMAR_TEXTS) if ((await understander.understand(input(t))).via !== 'grammar') throw new Error(`"${t}" is not a grammar hit`);
  for (const t of NLU_TEXTS) if ((await understander.understand(input(t))).via !== 'nlu') throw new Error(`"${t}" is not an NLU hit`);
  if ((await understander.understand({ ...input(FOLLOW_UP.text), pending: FOLLOW_UP.pending })).via !== 'follow-up') throw new Error('the follow-up answer was not taken');
  const grammar: number[] = [];
  const nlu: number[] = [];
  const followUp: number[] = [];
  for (let i = 0; i < N + 200; i++) {
    const g = GRAMMAR_TEXTS[i % GRAMMAR_TEXTS.length]!;
    let t0 = performance.now();
    await understander.understand(input(g));
    if (i >= 200) grammar.push(performance.now() - t0); // the first 200 warm the JIT
    const n = NLU_TEXTS[i % NLU_TEXTS.length]!;
    t0 = performance.now();
    await understander.understand(input(n));
    if (i >= 200) nlu.push(performance.now() - t0);
    t0 = performance.now();
    await understander.understand({ ...input(FOLLOW_UP.text), pending: FOLLOW_UP.pending });
    if (i >= 200) followUp.push(performance.now() - t0);
  }
  console.log(`routing alone, grammar hit: ${summary(grammar)}`);
  console.log(`routing alone, NLU fallback: ${summary(nlu)}`);
  console.log(`routing alone, follow-up answer: ${summary(followUp)}`);
  report({ name: 'routing p99, grammar hit (no database)', value: percentile(sorted(grammar), 99), unit: 'ms', better: 'lower', target: 2 });
  report({ name: 'routing p99, NLU fallback (no database)', value: percentile(sorted(nlu), 99), unit: 'ms', better: 'lower', target: 5 });
  report({ name: 'routing p99, follow-up answer (no database)', value: percentile(sorted(followUp), 99), unit: 'ms', better: 'lower', target: 2 });
}

async function routerWithDatabase(): Promise<void> {
  const { url, drop } = await createTestDatabase();
  const db = await openDb({ url, poolMax: 4 });
  try {
    const w = await createWorld(db, { COMMAND_RATE_LIMIT: '1000000' });
    const a = await w.newAccount({ credits: 10 });
    for (const [label, text] of [['grammar hit', 'balance'], ['NLU fallback', 'how much credit do I have left']] as const) {
      for (let i = 0; i < 20; i++) await w.send(a.phone, text); // warm-up
      const times: number[] = [];
      for (let i = 0; i < Math.min(N, 500); i++) {
        const t = performance.now();
        const replies = await w.send(a.phone, text);
        times.push(performance.now() - t);
        if (!replies.length) throw new Error(`no reply to "${text}"`);
      }
      console.log(`whole router with PostgreSQL, one owner, ${label} ("${text}"): ${summary(times)}`);
      report({ name: `router with database p99, one owner, ${label}`, value: percentile(sorted(times), 99), unit: 'ms', better: 'lower' });
    }
  } finally {
    await db.close();
    await drop();
  }
}

async function endToEnd(): Promise<void> {
  const { url, drop } = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: url, WA_TRANSPORT: 'sandbox', SANDBOX_PACING_MS: '0', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent',
    DATA_DIR: path.join(os.tmpdir(), `wa-bench-routing-${process.pid}`), COMMAND_RATE_LIMIT: '100000',
  });
  const app = await startApp(config, silentLog);
  try {
    await app.router.ready();
    const [sessionId] = app.sessions.ownedSessionIds();
    const channel = app.sessions.channel(sessionId!)!;
    // Watch replies as they are committed to the sandbox (observation only; the send is the real one).
    const waiting = new Map<string, () => void>();
    const send = channel.send.bind(channel);
    channel.send = async (to: string, content: OutgoingContent, opts?: { messageId?: string }) => {
      const r = await send(to, content, opts);
      waiting.get(to)?.();
      return r;
    };
    const owners: string[] = [];
    for (let i = 0; i < OWNERS; i++) {
      const phone = `+92301${String(1_000_000 + i)}`;
      const { account, owner } = await createAccount(app.ctx.db, { name: `owner ${i}`, ownerPhone: phone, credits: 100 }, SYSTEM);
      await recordTermsAcceptance(app.ctx.db, { accountId: account.id, memberId: owner.id, phone });
      owners.push(phone);
    }
    const times: number[] = [];
    const texts = ['balance', 'lists', 'how much credit do I have left', 'campaigns'];
    for (let round = 0; round < ROUNDS + 2; round++) {
      const text = texts[round % texts.length]!;
      const took = await Promise.all(owners.map(async (phone) => {
        const replied = new Promise<void>((resolve) => waiting.set(phone, resolve));
        const t0 = performance.now();
        await app.sessions.injectInbound(sessionId!, { fromPhone: phone, text });
        await replied;
        return performance.now() - t0;
      }));
      if (round >= 2) times.push(...took); // two warm-up rounds
    }
    console.log(`end to end, ${OWNERS} owners at once, ${ROUNDS} rounds: ${summary(times)}`);
    report({ name: `end-to-end command p99, ${OWNERS} owners at once`, value: percentile(sorted(times), 99), unit: 'ms', better: 'lower', target: 50 });
  } finally {
    await app.stop();
    await drop();
  }
}

await startTestServer();
try {
  await routingAlone();
  await routerWithDatabase();
  await endToEnd();
} finally {
  await stopTestServer();
}
