import { expect } from 'chai';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { createList, ingestContacts } from '../../src/contacts/index.js';
import type { Ctx } from '../../src/context.js';
import { openDb, type Db } from '../../src/db/database.js';
import { normalisePhone } from '../../src/phone.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, testCtx } from '../helpers/world.js';

describe('uploads at scale', () => {
  const t = useTestDb();
  let wide: Db;
  let ctx: Ctx;

  before(async () => {
    wide = await openDb({ url: t.url, poolMax: 6 });
    ctx = testCtx(wide);
  });
  after(async () => { await wide.close(); });

  it('two uploads to one list at once, overlapping, store every number once and count the overlap', async function () {
    this.timeout(60_000);
    const { accountId } = await makeAccount(ctx.db);
    const list = await createList(ctx, accountId, 'shared');
    const numbers = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `0300${String(1_000_000 + from + i)}`).join('\n');
    // 0..6000 and 4000..10000 overlap on 2,000 numbers; big enough to use the worker pool.
    const [a, b] = await Promise.all([
      ingestContacts(ctx, { accountId, listId: list.id, input: numbers(0, 6000) }),
      ingestContacts(ctx, { accountId, listId: list.id, input: numbers(4000, 10000) }),
    ]);
    expect(a.accepted + b.accepted).to.equal(10_000);
    expect(a.duplicatesInList + b.duplicatesInList).to.equal(2_000);
    const n = await wide.one<{ n: number }>('SELECT count(*)::int AS n FROM contacts WHERE list_id = $1', [list.id]);
    expect(n!.n).to.equal(10_000);
  });

  it('judges numbers as the library isValid()/getType() do: the one-lookup shortcut changes no verdict', () => {
    const countries = ['PK', 'TR', 'GB', 'US', 'IN', 'AE', 'SA', 'DE'];
    const mobile = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE', undefined]);
    let seed = 42;
    const digit = () => { seed = (seed * 1103515245 + 12345) >>> 0; return String((seed >>> 16) % 10); };
    let accepted = 0;
    for (let i = 0; i < 4000; i++) {
      const raw = (i % 2 ? '+' : '') + Array.from({ length: 8 + (i % 6) }, digit).join('');
      const cc = countries[i % countries.length]! as 'PK';
      // The reference: national reading first, then international, each judged with isValid().
      let expected = 'rejected';
      for (const c of raw.startsWith('+') ? [raw] : [raw, '+' + raw]) {
        const p = c.startsWith('+') ? parsePhoneNumberFromString(c) : parsePhoneNumberFromString(c, cc);
        if (p?.isValid()) { expected = mobile.has(p.getType()) ? p.number : 'landline'; break; }
      }
      const r = normalisePhone(raw, cc);
      const got = r.ok ? r.e164 : r.reason === 'landline' ? 'landline' : 'rejected';
      expect(got, `${raw} in ${cc}`).to.equal(expected);
      if (r.ok) accepted++;
    }
    expect(accepted).to.be.greaterThan(100);
  });
});
