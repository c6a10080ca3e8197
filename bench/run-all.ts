// `npm run bench`: runs every script in bench/ (compiled) at least 3 times, each against its
// own fresh embedded database, and writes bench/RESULTS.md with the median, min and max of
// each figure. BENCH_RUNS=n changes the count; `npm run bench -- ingest` runs matching scripts.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { round, type Figure } from './lib/report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const filter = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((f) => f.endsWith('.js') && f !== 'run-all.js' && !f.startsWith('_')) // _name: someone's scratch experiment
  .filter((f) => !filter.length || filter.some((x) => f.includes(x)))
  .sort();

function runOnce(file: string): Promise<Figure[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', path.join(here, file)], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'silent' } });
    const figures: Figure[] = [];
    let buf = '';
    child.stdout.on('data', (b: Buffer) => {
      buf += b.toString();
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.startsWith('RESULT ')) figures.push(JSON.parse(line.slice(7)));
        else process.stdout.write(`  ${line}\n`);
      }
    });
    child.on('exit', (code) => (code === 0 ? resolve(figures) : reject(new Error(`${file} exited with ${code}`))));
  });
}

const loadAtStart = os.loadavg()[0]!;
const benchStarted = Date.now();
const results = new Map<string, { fig: Figure; values: number[] }>();
const failures: string[] = [];
for (const file of scripts) {
  for (let r = 1; r <= runs; r++) {
    console.log(`# ${file} run ${r}/${runs}`);
    try {
      for (const f of await runOnce(file)) {
        const entry = results.get(f.name) ?? { fig: f, values: [] };
        entry.values.push(f.value);
        results.set(f.name, entry);
      }
    } catch (e) {
      failures.push(`${file}: ${(e as Error).message}`);
      break;
    }
  }
}

const commit = (() => { try { return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo }).toString().trim(); } catch { return 'unknown'; } })();
const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
const lines = [
  '# Benchmark results',
  '',
  `Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`,
  `Date: ${new Date().toISOString()} · commit ${commit} · ${runs} runs per script · reproduce with \`npm run bench\``,
  // Other work on the machine moves these figures; the load says how busy it was.
  `Load average (1 min) at start ${loadAtStart.toFixed(1)}, at end ${os.loadavg()[0]!.toFixed(1)} · whole run ${Math.round((Date.now() - benchStarted) / 60_000)} min`,
  '',
  '| figure | median | min | max | unit | target | met |',
  '|---|---|---|---|---|---|---|',
];
for (const { fig, values } of results.values()) {
  const sorted = [...values].sort((a, b) => a - b);
  const med = sorted[Math.floor((sorted.length - 1) / 2)]!;
  const met = fig.target === undefined ? '' : (fig.better === 'higher' ? med >= fig.target : med <= fig.target) ? 'yes'
    : fig.better === 'higher' ? `**no** (${Math.round((100 * med) / fig.target)}% of the target)` : `**no** (${round(med / fig.target)}× the limit)`;
  const target = fig.target === undefined ? '' : `${fig.better === 'higher' ? '≥' : '≤'} ${fig.target}`;
  lines.push(`| ${fig.name} | ${round(med)} | ${round(sorted[0]!)} | ${round(sorted.at(-1)!)} | ${fig.unit} | ${target} | ${met} |`);
}
if (failures.length) lines.push('', 'Failed scripts:', ...failures.map((f) => `- ${f}`));
// The notes below the table (sections from the first "## " on: how figures are measured, runs of
// single scripts, where targets are missed) are written by hand and kept.
const resultsFile = path.join(repo, 'bench', 'RESULTS.md');
let notes = '';
try { const old = readFileSync(resultsFile, 'utf8'); const at = old.search(/^## /m); if (at >= 0) notes = old.slice(at); } catch { /* first run */ }
writeFileSync(resultsFile, lines.join('\n') + '\n' + (notes ? '\n' + notes : ''));
console.log(lines.join('\n'));
process.exit(failures.length ? 1 : 0);
