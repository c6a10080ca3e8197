// Runs the compiled test suite (dist/test/**/*.test.js) with mocha, against a real
// PostgreSQL, and ends with the line CI reads: "N passed, N failed".
// `--faults` adds the slow fault-injection suites in test/faults/.
import Mocha from 'mocha';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { killStartedProcesses } from './helpers/cli.js';
import { startTestServer, stopTestServer } from './helpers/pg.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const withFaults = args.includes('--faults');
const grep = args.find((a) => a.startsWith('--grep='))?.slice('--grep='.length);
const only = args.filter((a) => !a.startsWith('--'));

function findTests(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const full = path.join(dir, f);
    if (statSync(full).isDirectory()) {
      if (f === 'faults' && !withFaults) return [];
      return findTests(full);
    }
    return f.endsWith('.test.js') ? [full] : [];
  });
}

const mocha = new Mocha({ timeout: 30_000, reporter: 'spec', grep, color: Boolean(process.stdout.isTTY) });
let files = findTests(here).sort();
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
for (const f of files) mocha.addFile(f);

let passed = 0;
let failed = 0;
try {
  await startTestServer();
  await mocha.loadFilesAsync();
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => { passed++; });
    runner.on('fail', () => { failed++; });
  });
} catch (e) {
  console.error('test run aborted:', e);
  failed++;
} finally {
  killStartedProcesses();
  await stopTestServer().catch((e) => console.error('stopping the test database failed:', e));
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
