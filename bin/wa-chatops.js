#!/usr/bin/env node
// Thin launcher: the CLI lives in the tsc build so jobs and commands share one compiled tree.
// `start` rebuilds first only when the sources changed since the last build (scripts/build.mjs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build, buildNeeded } from '../scripts/build.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
// BUILD_ON_START=off skips the check (the test suite sets it: a rebuild under running tests would remove dist/).
const check = !existsSync(cli) || (process.argv[2] === 'start' && process.env.BUILD_ON_START !== 'off');
const why = check ? buildNeeded(root) : undefined;
if (why) {
  console.error(`wa-chatops: building (${why})…`);
  if ((await build(root)) !== 0) process.exit(1);
}
// A plain `start` goes straight to its lean module: the embedded PostgreSQL starts sooner when
// the rest of the CLI (commander, the other commands' modules) is not loaded first.
if (process.argv[2] === 'start' && process.argv.length === 3) {
  const { runStart } = await import(path.join(root, 'dist', 'src', 'cli', 'start-command.js'));
  await runStart().catch(async (e) => {
    const { describeError } = await import(path.join(root, 'dist', 'src', 'cli', 'describe-error.js'));
    console.error(`wa-chatops: ${describeError(e)}`);
    process.exit(1);
  });
} else {
  await import(cli);
}
