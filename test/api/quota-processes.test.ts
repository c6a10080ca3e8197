import { expect } from 'chai';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount } from '../helpers/world.js';
import { apiCtx, makeToken } from './helpers.js';

const run = promisify(execFile);
const worker = path.join(path.dirname(fileURLToPath(import.meta.url)), 'quota-process.js');

describe('api: the daily quota holds exactly across processes', () => {
  const t = useTestDb();

  it('two processes on one database, 60 calls each, quota 45: exactly 45 answered, 75 refused', async function () {
    this.timeout(120_000);
    const { accountId } = await makeAccount(t.db, { plan: { api_quota_per_day: 45 } });
    const token = await makeToken(apiCtx(t.db), accountId);
    const startAt = String(Date.now() + 5000);
    const outs = await Promise.all([1, 2].map(() => run(process.execPath, [worker, t.url, token, '60', startAt])));
    const results = outs.map((o) => JSON.parse(o.stdout.trim()) as { ok: number; limited: number });
    expect(results.every((r) => r.ok > 0), JSON.stringify(results)).to.equal(true); // both took part
    expect(results.reduce((a, r) => a + r.ok, 0)).to.equal(45);
    expect(results.reduce((a, r) => a + r.limited, 0)).to.equal(75);
    expect((await t.db.one<{ calls: number }>('SELECT calls FROM api_usage WHERE account_id = $1', [accountId]))!.calls).to.equal(45);
  });
});
