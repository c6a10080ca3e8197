// Where a restart's time goes: `npm start` on a prepared data directory (10 sandbox senders) at
// LOG_LEVEL=debug, every log line stamped with the ms since the command, then SIGTERM.
// Run: node dist/bench/start-profile.js  (BENCH_PORT / BENCH_PG_PORT pin the ports)
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { preparedDataDir } from './lib/prepared-data-dir.js';
import { msUntilGone, msUntilHealthy } from './lib/process-group.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = await preparedDataDir(repo, 10);
try {
  for (let i = 0; i < Math.max(1, Number(process.env.BENCH_RESTARTS ?? 1)); i++) {
    const t0 = performance.now();
    const npm = spawn('npm', ['start'], { cwd: repo, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'debug', LOG_PRETTY: 'false', ...dir.env } });
    for (const s of [npm.stdout!, npm.stderr!]) {
      createInterface({ input: s }).on('line', (l) => {
        let msg = l;
        try { const j = JSON.parse(l); msg = `${j.msg}${j.part ? ` [${j.part}]` : ''}${j.ms !== undefined ? ` ms=${j.ms}` : ''}`; } catch { /* not JSON */ }
        console.log(`${String(Math.round(performance.now() - t0)).padStart(6)} ms  ${msg.slice(0, 140)}`);
      });
    }
    const up = await msUntilHealthy(`http://127.0.0.1:${dir.port}/healthz`, t0);
    console.log(`${String(Math.round(up)).padStart(6)} ms  /healthz 200 (load ${os.loadavg()[0]!.toFixed(1)})`);
    await new Promise((r) => setTimeout(r, 1500));
    const down = await msUntilGone(npm, 'SIGTERM');
    console.log(`all gone ${Math.round(down)} ms after SIGTERM`);
  }
} finally {
  rmSync(dir.dataDir, { recursive: true, force: true });
}
