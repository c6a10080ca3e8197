#!/usr/bin/env node
// Thin launcher: the CLI lives in the tsc build so jobs and commands share one compiled tree.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist', 'src', 'cli', 'main.js');
if (!existsSync(cli)) {
  console.error('wa-chatops: not built yet; run `npm run build` (or `npm install`, which builds) first');
  process.exit(1);
}
await import(cli);
