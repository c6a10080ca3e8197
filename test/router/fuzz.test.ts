// 10,000 random and malformed messages: the router never throws, never leaves an unhandled
// rejection, and never answers a stranger. (The fault suite runs a longer form.)
import { expect } from 'chai';
import { openDb, type Db } from '../../src/db/database.js';
import { runRouterFuzz } from '../faults/router-fuzz.js';
import { useTestDb } from '../helpers/pg.js';

const COUNT = 10_000;

describe('router fuzz', function () {
  this.timeout(180_000);
  const t = useTestDb();
  let db: Db;

  // Durability of commits is not under test here: without the per-commit fsync the run
  // takes a third of the time on a slow disk.
  before(async () => {
    await t.db.exec('DO $$ BEGIN EXECUTE format(\'ALTER DATABASE %I SET synchronous_commit = off\', current_database()); END $$');
    db = await openDb({ url: t.url, poolMax: 8 });
  });
  after(async () => { await db?.close(); });

  it(`survives ${COUNT.toLocaleString('en-US')} random and malformed messages`, async () => {
    const r = await runRouterFuzz(db, COUNT, 42);
    expect(r.rejections).to.deep.equal([]);
    expect(r.repliesToStrangers).to.equal(0);
    expect(r.replies).to.be.greaterThan(COUNT / 2);
  });
});
