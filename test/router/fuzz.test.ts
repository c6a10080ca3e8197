// 10,000 random and malformed messages: the router never throws, never leaves an unhandled
// rejection, and never answers a stranger. (The fault suite runs a longer form.)
import { expect } from 'chai';
import { runRouterFuzz, useFuzzDb } from '../faults/router-fuzz.js';

const COUNT = 10_000;

describe('router fuzz', function () {
  this.timeout(180_000);
  const f = useFuzzDb();

  it(`survives ${COUNT.toLocaleString('en-US')} random and malformed messages`, async () => {
    const r = await runRouterFuzz(f.db, COUNT, 42);
    expect(r.rejections).to.deep.equal([]);
    expect(r.repliesToStrangers).to.be.at.most(2); // the two strangers: one note each on what the number is for, once a day
    expect(r.replies).to.be.greaterThan(COUNT / 2);
  });
});
