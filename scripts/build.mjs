// The TypeScript build and its stamp. `npm run build` (and `npm install` through `prepare`,
// when the sources changed) compiles into dist/ and writes dist/.build-stamp, a fingerprint of the sources
// it compiled. `wa-chatops start` compares the stamp with the sources (stat only, a few ms)
// and rebuilds only when they differ, so a restart does not recompile the whole tree.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const SOURCE_DIRS = ['src', 'commands', 'jobs', 'migrations', 'test', 'bench'];
const SOURCE_FILES = ['tsconfig.json'];
const stampOf = (root) => path.join(root, 'dist', '.build-stamp');

function walk(dir, out) {
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, out);
    else if (e.name.endsWith('.ts')) out.push(full);
  }
}

/** Path, size and modification time of every file tsc compiles: changes when any source does. */
export function sourceFingerprint(root = ROOT) {
  const files = SOURCE_FILES.map((f) => path.join(root, f));
  for (const d of SOURCE_DIRS) walk(path.join(root, d), files);
  files.sort();
  const h = createHash('sha256');
  for (const f of files) {
    let st;
    try { st = statSync(f); } catch { continue; }
    h.update(`${path.relative(root, f)}\0${st.size}\0${Math.trunc(st.mtimeMs)}\n`);
  }
  return h.digest('hex');
}

/** Why dist/ must be rebuilt before it runs, or undefined when it is up to date. */
export function buildNeeded(root = ROOT) {
  if (!existsSync(path.join(root, 'dist', 'src', 'cli', 'main.js'))) return 'not built yet';
  // An installed image may carry dist/ without the TypeScript sources: nothing to compare.
  if (!existsSync(path.join(root, 'src'))) return undefined;
  let stamp = '';
  try { stamp = readFileSync(stampOf(root), 'utf8').trim(); } catch { return 'no build stamp'; }
  return stamp === sourceFingerprint(root) ? undefined : 'sources changed since the last build';
}

/**
 * Clean build; resolves with tsc's exit code. The fingerprint is taken first, so an edit during
 * the build still counts as a change. A SIGTERM/SIGINT meanwhile stops tsc too.
 */
export async function build(root = ROOT) {
  const fingerprint = sourceFingerprint(root);
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) {
    console.error('wa-chatops: cannot build: typescript is not installed (run `npm install` without --omit=dev)');
    return 1;
  }
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  // tsc's report goes to stderr so stdout stays the app's log.
  const child = spawn(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { cwd: root, stdio: ['ignore', 2, 2] });
  const stop = (sig) => { child.kill(sig); process.exit(130); };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await new Promise((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  if (code !== 0) return code;
  writeFileSync(stampOf(root), `${fingerprint}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // --if-stale (what `npm install` runs through `prepare`): only when the sources changed.
  // BUILD_ON_START=off (tests) skips it there too: `npx wa-chatops` installs this folder and runs `prepare`.
  const ifStale = process.argv.includes('--if-stale');
  const why = !ifStale ? 'asked' : process.env.BUILD_ON_START === 'off' && existsSync(path.join(ROOT, 'dist')) ? undefined : buildNeeded();
  process.exit(why ? await build() : 0);
}
