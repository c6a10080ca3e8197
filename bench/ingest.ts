// Contact ingest throughput and memory: 100k- and 1M-line files (local numbers in mixed
// spellings, ~2% junk, ~3% repeats) streamed from disk into a list of a fresh database.
// Prints lines per second (median of the runs) and the process's peak RSS.
// `node dist/bench/ingest.js` (BENCH_INNER_RUNS=n for more runs per size; default 3 and 1).
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createList, ingestContacts } from '../src/contacts/index.js';
import type { Ctx } from '../src/context.js';
import { openDb } from '../src/db/database.js';
import { createLogger } from '../src/logger.js';
import { createTestDatabase, startTestServer, stopTestServer } from '../test/helpers/pg.js';
import { createAccount } from '../src/accounts.js';
import { SYSTEM } from '../src/audit.js';
import { median, report } from './lib/report.js';

const FORMATS = [(n: string) => `0${n}`, (n: string) => `+92 ${n.slice(0, 3)} ${n.slice(3)}`, (n: string) => `92${n}`, (n: string) => `(0${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`];

async function writeFile(file: string, lines: number): Promise<void> {
  const out = createWriteStream(file);
  let buf = '';
  for (let i = 0; i < lines; i++) {
    const k = i % 100 < 3 ? Math.max(0, i - 50) : i; // a repeat of an earlier number
    const national = `3${String(k % 5)}${String(10_000_000 + k).slice(-8)}`;
    buf += i % 50 === 7 ? `n/a\n` : `${FORMATS[i % FORMATS.length]!(national)}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

await startTestServer();
const dir = mkdtempSync(path.join(os.tmpdir(), 'wa-bench-ingest-'));
try {
  const { url, drop } = await createTestDatabase();
  const db = await openDb({ url, poolMax: 4 });
  const ctx: Ctx = { config: loadConfig({ MAX_UPLOAD_BYTES: String(512 * 1024 * 1024) }), db, log: createLogger({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }), clock: systemClock };
  const { account } = await createAccount(db, { name: 'bench', ownerPhone: '+923001111111' }, SYSTEM);
  for (const [label, lines, defRuns] of [['100k', 100_000, 3], ['1M', 1_000_000, 1]] as const) {
    const file = path.join(dir, `${label}.txt`);
    await writeFile(file, lines);
    const runs = Number(process.env.BENCH_INNER_RUNS ?? defRuns);
    const rates: number[] = [];
    for (let r = 0; r < runs; r++) {
      const list = await createList(ctx, account.id, `${label}-${r}`);
      const started = process.hrtime.bigint();
      const res = await ingestContacts(ctx, { accountId: account.id, listId: list.id, input: createReadStream(file), declaredBytes: statSync(file).size });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      rates.push(lines / seconds);
      console.log(`${label} run ${r + 1}: ${seconds.toFixed(2)} s, accepted ${res.accepted}, duplicates ${res.duplicatesInFile}, rejected ${res.rejectedTotal}`);
    }
    report({ name: `ingest ${label} lines/s (median of ${runs})`, value: median(rates), unit: 'lines/s', better: 'higher', target: 50_000 });
    report({ name: `ingest peak RSS after ${label}`, value: process.resourceUsage().maxRSS / 1024, unit: 'MB', better: 'lower', target: 300 });
  }
  await db.close();
  await drop();
} finally {
  rmSync(dir, { recursive: true, force: true });
  await stopTestServer();
}
