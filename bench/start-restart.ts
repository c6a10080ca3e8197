// A restart of the installed product as an operator does it: `npm start` in the repository on
// a data directory that has been started before (10 sandbox senders), timed from the command
// to the first 200 from /healthz; then SIGTERM to npm, timed until no process of the group
// (npm, node, PostgreSQL) is left. BENCH_RESTARTS restarts per run (default 3), median reported.
// Run: node dist/bench/start-restart.js
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report } from './lib/report.js';
import { preparedDataDir } from './lib/prepared-data-dir.js';
import { msUntilGone, msUntilHealthy, startGroup } from './lib/process-group.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RESTARTS = Math.max(1, Number(process.env.BENCH_RESTARTS ?? 3));

const dir = await preparedDataDir(repo, 10);
try {
  const up: number[] = [];
  const down: number[] = [];
  for (let i = 0; i < RESTARTS; i++) {
    const t0 = performance.now();
    const npm = startGroup('npm', ['start'], repo, dir.env);
    up.push(await msUntilHealthy(`http://127.0.0.1:${dir.port}/healthz`, t0));
    down.push(await msUntilGone(npm, 'SIGTERM'));
    console.log(`restart ${i + 1}: healthy after ${Math.round(up.at(-1)!)} ms; SIGTERM to npm: all gone after ${Math.round(down.at(-1)!)} ms (load ${os.loadavg()[0]!.toFixed(1)})`);
  }
  report({ name: '`npm start` restart to healthy, existing data (from the command)', value: median(up) / 1000, unit: 's', better: 'lower', target: 5 });
  report({ name: 'SIGTERM to `npm start` until nothing runs', value: median(down) / 1000, unit: 's', better: 'lower', target: 10 });
} finally {
  rmSync(dir.dataDir, { recursive: true, force: true });
}
