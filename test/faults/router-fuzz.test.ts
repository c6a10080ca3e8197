// Issue 8.2: the longer router fuzz (the normal suite runs 10,000 messages with another seed).
import { expect } from 'chai';
import { fuzzFailures, runRouterFuzz, useFuzzDb } from './router-fuzz.js';

const COUNT = 40_000;

describe('fault: router fuzz, long run', function () {
  this.timeout(15 * 60_000);
  const f = useFuzzDb();

  it(`survives ${COUNT.toLocaleString('en-US')} random and malformed messages`, async () => {
    const started = Date.now();
    const r = await runRouterFuzz(f.db, COUNT, 20240607);
    console.log(`      [figures] router fuzz: messages ${r.messages}, replies ${r.replies}, replies to strangers ${r.repliesToStrangers}, `
      + `unhandled rejections ${r.rejections.length}, internal errors ${r.internalErrors.length}, ${Math.round((Date.now() - started) / 1000)} s`);
    expect(fuzzFailures(r)).to.deep.equal([]);
  });
});
