// 10,000 random and malformed messages: the router never throws, never leaves an unhandled
// rejection, never answers a stranger, and never fails inside (no internal-error reply, no
// logged error). (The fault suite runs a longer form.) The runner's own test proves it can fail.
import { expect } from 'chai';
import { allCommands } from '../../commands/index.js';
import { fuzzFailures, runRouterFuzz, useFuzzDb } from '../faults/router-fuzz.js';

const COUNT = 10_000;

describe('router fuzz', function () {
  this.timeout(180_000);
  const f = useFuzzDb();

  it(`survives ${COUNT.toLocaleString('en-US')} random and malformed messages`, async () => {
    const r = await runRouterFuzz(f.db, COUNT, 42);
    expect(fuzzFailures(r)).to.deep.equal([]);
  });

  it('fails when every command handler throws', async () => {
    const broken = allCommands.map((c) => ({ ...c, handler: async () => { throw new Error('handler exploded'); } }));
    const r = await runRouterFuzz(f.db, 1_000, 7, { commands: broken });
    const failures = fuzzFailures(r);
    expect(failures.some((x) => /^internal-error reply ×\d+$/.test(x)), failures.join('\n')).to.equal(true);
    expect(failures.some((x) => /^logged error: command failed \(Error: handler exploded\)/.test(x)), failures.join('\n')).to.equal(true);
  });
});
