// CPU of an idle product: `wa-chatops start` with 10 sandbox sender sessions open and no
// campaign, measured from /proc (user + system time of the node process) over
// BENCH_IDLE_SECONDS (default 60) after a 10 s settle; the embedded PostgreSQL's processes
// are reported beside it. Target: ≤ 2 % of one core for the node process.
// Run: node dist/bench/idle-cpu.js
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb } from '../src/db/database.js';
import { report } from './lib/report.js';
import { preparedDataDir } from './lib/prepared-data-dir.js';
import { embeddedUrl, startProduct } from './lib/running-app.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const SENDERS = 10;
const TICKS_PER_S = 100; // USER_HZ on Linux

/** utime + stime of a process, in clock ticks. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

function childrenOf(pid: number): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((p) => {
    try { return readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(pid); } catch { return false; }
  });
}

const dir = await preparedDataDir(repo, SENDERS);
try {
  const app = startProduct(repo, dir.env);
  try {
    await app.waitForLog(/^wa-chatops ready/);
    const db = await openDb({ url: embeddedUrl(dir.dataDir, dir.pgPort), poolMax: 1 });
    try {
      for (let i = 0; ; i++) {
        const open = await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM sender_sessions WHERE status = 'open' AND account_id IS NOT NULL`);
        if (open!.n >= SENDERS) break;
        if (i > 300) throw new Error(`only ${open!.n} of ${SENDERS} sessions opened`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await db.close();
    }
    await new Promise((r) => setTimeout(r, 10_000));
    const pid = app.child.pid!;
    const postgres = childrenOf(pid);
    const pgTicks = () => [postgres[0]!, ...childrenOf(postgres[0]!)].reduce((n, p) => { try { return n + cpuTicks(p); } catch { return n; } }, 0);
    const [n0, p0, t0] = [cpuTicks(pid), postgres.length ? pgTicks() : 0, performance.now()];
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const [n1, p1, t1] = [cpuTicks(pid), postgres.length ? pgTicks() : 0, performance.now()];
    const seconds = (t1 - t0) / 1000;
    const nodePct = ((n1 - n0) / TICKS_PER_S / seconds) * 100;
    const pgPct = ((p1 - p0) / TICKS_PER_S / seconds) * 100;
    console.log(`idle ${Math.round(seconds)} s, ${SENDERS} sandbox senders, no campaign: node ${nodePct.toFixed(2)} % of a core, embedded PostgreSQL ${pgPct.toFixed(2)} % (load ${os.loadavg()[0]!.toFixed(1)})`);
    report({ name: `idle CPU of the node process, ${SENDERS} sandbox senders, no campaign`, value: nodePct, unit: '% of a core', better: 'lower', target: 2 });
    report({ name: `idle CPU of the embedded PostgreSQL, ${SENDERS} sandbox senders, no campaign`, value: pgPct, unit: '% of a core', better: 'lower' });
  } finally {
    await app.stop();
  }
} finally {
  rmSync(dir.dataDir, { recursive: true, force: true });
}
