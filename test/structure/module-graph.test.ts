// Structure checks anyone can run (issue 13 item 7), on the compiled tree the process runs:
// no import cycles (madge, as `npx madge --circular --extensions js dist/src dist/commands
// dist/jobs` does), and no service imports the callers above it: commands, the console, the router.
import { expect } from 'chai';
import madge from 'madge';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CALLERS = ['commands/', 'src/console/', 'src/router/'];
// Where the parts are put together, and the callers themselves: these may import callers.
const WIRING = [/^src\/app\.js$/, /^src\/cli\//, /^src\/console\//, /^src\/router\//, /^src\/api\//];

describe('structure: module graph', function () {
  this.timeout(120_000);
  let graph: Record<string, string[]>;
  let circular: string[][];
  before(async () => {
    const res = await madge(['src', 'commands', 'jobs'].map((d) => path.join(DIST, d)), { baseDir: DIST, fileExtensions: ['js'] });
    graph = res.obj();
    circular = res.circular();
  });

  it('reads the whole tree (the checks below are not vacuous)', () => {
    expect(Object.keys(graph).length).to.be.greaterThan(100);
    expect(graph['src/router/router.js']).to.include('commands/index.js');
    expect(graph['src/campaigns/stats.js']).to.include('src/campaigns/progress.js');
  });

  it('has no import cycles', () => {
    expect(circular.map((c) => c.join(' → '))).to.deep.equal([]);
  });

  it('no service imports from commands/, src/console/ or src/router/', () => {
    const wrong = Object.entries(graph)
      .filter(([file]) => file.startsWith('src/') && !WIRING.some((re) => re.test(file)))
      .flatMap(([file, deps]) => deps.filter((d) => CALLERS.some((c) => d.startsWith(c))).map((d) => `${file} imports ${d}`));
    expect(wrong).to.deep.equal([]);
  });
});
