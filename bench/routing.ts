// Routing latency through the real router and a real PostgreSQL: a grammar hit ("balance")
// and an NLU fallback ("how much credit do I have left"), median and p99; and the NLU's
// training time from scratch. Run: node dist/bench/routing.js
import { allCommands } from '../commands/index.js';
import { IntentClassifier } from '../src/nlu/intent-classifier.js';
import { buildTrainingCorpus } from '../src/router/nlu-training.js';
import { openDb } from '../src/db/database.js';
import { createTestDatabase, startTestServer, stopTestServer } from '../test/helpers/pg.js';
import { createWorld } from '../test/router/router-world.js';

const N = Number(process.env.BENCH_N ?? 500);

function stats(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(2);
  return `median ${q(0.5)} ms, p99 ${q(0.99)} ms (n=${s.length})`;
}

await startTestServer();
try {
  // Training from scratch: a corpus no cache has seen (one extra nonce utterance).
  const corpus = [...buildTrainingCorpus(allCommands), { lang: 'en' as const, intent: 'help', text: `bench ${Date.now()}` }];
  const t0 = performance.now();
  const trained = await IntentClassifier.load(corpus);
  console.log(`NLU training: ${(performance.now() - t0).toFixed(0)} ms wall (${trained.trainedMs.toFixed(0)} ms in train()), ${corpus.length} utterances`);

  const { url, drop } = await createTestDatabase();
  const db = await openDb({ url, poolMax: 4 });
  const w = await createWorld(db, { COMMAND_RATE_LIMIT: '1000000' });
  const a = await w.newAccount({ credits: 10 });
  for (const [label, text] of [['grammar hit', 'balance'], ['NLU fallback', 'how much credit do I have left']] as const) {
    for (let i = 0; i < 20; i++) await w.send(a.phone, text); // warm-up
    const times: number[] = [];
    for (let i = 0; i < N; i++) {
      const t = performance.now();
      await w.send(a.phone, text);
      times.push(performance.now() - t);
    }
    console.log(`${label} ("${text}"): ${stats(times)}`);
  }
  await db.close();
  await drop();
} finally {
  await stopTestServer();
}
