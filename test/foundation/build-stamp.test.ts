// `npm start` rebuilds only when the sources changed since the last build (scripts/build.mjs):
// a restart runs the existing dist/, an edited source triggers one build.
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../helpers/cli.js';

// scripts/ is plain JavaScript outside dist/: loaded from the repository, typed by its .d.mts.
const { buildNeeded, sourceFingerprint } = await import(pathToFileURL(path.join(REPO_ROOT, 'scripts', 'build.mjs')).href) as typeof import('../../scripts/build.mjs');

describe('build stamp', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'wa-stamp-'));
    mkdirSync(path.join(root, 'src', 'cli'), { recursive: true });
    mkdirSync(path.join(root, 'dist', 'src', 'cli'), { recursive: true });
    writeFileSync(path.join(root, 'tsconfig.json'), '{}');
    writeFileSync(path.join(root, 'src', 'cli', 'main.ts'), 'export {};\n');
    writeFileSync(path.join(root, 'dist', 'src', 'cli', 'main.js'), 'export {};\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('asks for a build when there is no build, or no stamp', () => {
    expect(buildNeeded(root)).to.equal('no build stamp');
    rmSync(path.join(root, 'dist'), { recursive: true });
    expect(buildNeeded(root)).to.equal('not built yet');
  });

  it('a matching stamp means no build; an edited, added or removed source means one', () => {
    writeFileSync(path.join(root, 'dist', '.build-stamp'), sourceFingerprint(root));
    expect(buildNeeded(root)).to.equal(undefined);
    const file = path.join(root, 'src', 'cli', 'main.ts');
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    expect(buildNeeded(root)).to.equal('sources changed since the last build');
    writeFileSync(path.join(root, 'dist', '.build-stamp'), sourceFingerprint(root));
    writeFileSync(path.join(root, 'src', 'new.ts'), 'export {};\n');
    expect(buildNeeded(root)).to.equal('sources changed since the last build');
    rmSync(path.join(root, 'src', 'new.ts'));
    expect(buildNeeded(root)).to.equal(undefined);
  });
});
