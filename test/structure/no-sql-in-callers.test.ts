// Commands, console routes and the router call services; they never run SQL themselves
// (issue 13 item 3). The check reads the whole program with the type checker, and proves on a
// fixture that each way of reaching the database is caught.
import { expect } from 'chai';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findDatabaseAccess, loadProgram } from './find-database-access.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CALLER_FOLDERS = ['commands', 'src/console/routes', 'src/router'];

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((f) => {
    const rel = `${dir}/${f}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) return tsFiles(rel);
    return f.endsWith('.ts') ? [rel] : [];
  });
}

const FIXTURE = 'commands/__database-access-fixture.ts';
const FIXTURE_SOURCE = `
import type { Ctx } from '../src/context.js';
import { openDb } from '../src/db/database.js';
import pg from 'pg';
import { getThing } from '../src/campaigns/sql/get-thing.js';
export async function handler(ctx: Ctx, req: { query: Record<string, string> }) {
  await ctx.db.query('x');
  const q = ctx.db; await q.one('x');
  const run = ctx.db.exec;
  const { tx } = ctx.db;
  const a = \`SELECT name FROM accounts WHERE id = \${req.query.id}\`;
  const b = 'select id, name from plans';
  const c = 'delete from members where id = $1';
  const d = 'UPDATE members SET language = ' + "'en'";
  const fine1 = /^(\\d+)$/.exec(req.query.id ?? '');
  const fine2 = req.query.account;
  const fine3 = 'Select one of your lists, then send it.';
  return [openDb, pg, getThing, run, tx, a, b, c, d, fine1, fine2, fine3];
}
`;

describe('structure: no SQL in commands, console routes or the router', function () {
  this.timeout(180_000);

  it('no file in those folders reaches the database except through a service', () => {
    const files = CALLER_FOLDERS.flatMap(tsFiles);
    expect(files.length).to.be.greaterThan(30);
    const program = loadProgram(ROOT);
    const found = findDatabaseAccess(program, files.map((f) => path.join(ROOT, f)));
    expect(found.map((f) => `${path.relative(ROOT, f.file)}:${f.line} ${f.what}`)).to.deep.equal([]);
  });

  it('the check catches every way of reaching the database, and leaves regexes and prose alone', () => {
    const program = loadProgram(ROOT, { [FIXTURE]: FIXTURE_SOURCE });
    const found = findDatabaseAccess(program, [path.join(ROOT, FIXTURE)]);
    const lines = FIXTURE_SOURCE.split('\n');
    const flagged = new Set(found.map((f) => lines[f.line - 1]!.trim()));
    const expected = lines.map((l) => l.trim()).filter((l) => /^(import \{|import pg|await|const (q|run|\{ tx \}|a|b|c|d) )/.test(l));
    expect(expected).to.have.length(11);
    for (const l of expected) expect(flagged, l).to.include(l);
    for (const l of lines.filter((x) => /fine\d/.test(x) && !/return/.test(x))) expect(flagged, l).not.to.include(l.trim());
  });
});
