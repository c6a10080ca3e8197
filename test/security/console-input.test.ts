// Issue 17 item 8: console input is validated (lengths, country codes from libphonenumber,
// integer ids), and a value the database cannot take is a 400, never a 500.
import { expect } from 'chai';
import supertest from 'supertest';
import { createAccount } from '../../src/accounts.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { useTestDb } from '../helpers/pg.js';
import { consoleApp, consoleCtx, makeUser, signIn, submit } from '../console/helpers.js';

describe('security: console input validation (issue 17 item 8)', function () {
  this.timeout(60_000);
  const t = useTestDb();

  it('refuses a 300-character account name and the country ZZ, with the reason on the form', async () => {
    await makeUser(t.db, 'input@example.com');
    const app = consoleApp(consoleCtx(t.db));
    const admin = await signIn(app, 'input@example.com');
    const long = await submit(admin, '/accounts', '/accounts', { name: 'x'.repeat(300), ownerPhone: '+923001110001', credits: '0' });
    expect(long.status).to.equal(303);
    expect((await admin.get(long.headers.location!)).text).to.contain('at most 100 characters');
    const zz = await submit(admin, '/accounts', '/accounts', { name: 'Shop', ownerPhone: '+923001110001', credits: '0', country: 'ZZ' });
    expect((await admin.get(zz.headers.location!)).text).to.contain('is not a country code');
    expect(await t.db.query('SELECT 1 FROM accounts')).to.have.length(0);

    const ok = await submit(admin, '/accounts', '/accounts', { name: 'Shop', ownerPhone: '+923001110001', credits: '0', country: 'tr' });
    const url = ok.headers.location!;
    expect(url).to.match(/^\/accounts\/\d+$/);
    const edit = await submit(admin, url, url, { name: 'Shop', plan: 'default', country: 'ZZ', language: 'en', timezone: 'UTC' });
    expect((await admin.get(edit.headers.location!)).text).to.contain('is not a country code');
    expect((await t.db.one<{ default_country: string }>('SELECT default_country FROM accounts'))!.default_country).to.equal('TR');
  });

  it('the service, the CLI path and the configuration refuse the same (one rule)', async () => {
    const err = await createAccount(t.db, { name: 'Y', ownerPhone: '+923001110002', defaultCountry: 'ZZ' }, { type: 'system' }).catch((e) => e);
    expect(err.message).to.contain('is not a country code');
    expect(() => loadConfig({ DEFAULT_COUNTRY: 'ZZ' })).to.throw(ConfigError, /DEFAULT_COUNTRY/);
    const named = await createAccount(t.db, { name: '  Bakery\u200B  \t Co ', ownerPhone: '+923001110003' }, { type: 'system' });
    expect(named.account.name).to.equal('Bakery Co');
  });

  it('accountId=abc on POST /senders is a clear refusal, not a 500', async () => {
    await makeUser(t.db, 'senders@example.com');
    const app = consoleApp(consoleCtx(t.db));
    const admin = await signIn(app, 'senders@example.com');
    for (const accountId of ['abc', '-1', '1e3', '99999999999']) {
      const res = await submit(admin, '/senders', '/senders', { accountId, transport: 'whatsapp', purpose: 'campaigns' });
      expect(res.status, accountId).to.equal(303);
      expect((await admin.get(res.headers.location!)).text, accountId).to.contain('must be a number from the list');
    }
  });

  it('a value the database cannot take as its type is a 400 with a plain page, never a 500', async () => {
    const app = consoleApp(consoleCtx(t.db), {
      mount: [(a, ctx) => { a.get('/test/typed/:v', async (req, res) => { await ctx.db.one('SELECT $1::int AS n', [req.params.v]); res.send('ok'); }); }],
    });
    const res = await supertest(app).get('/test/typed/abc');
    expect(res.status).to.equal(400);
    expect(res.text).to.contain('could not be understood').and.not.contain('invalid input syntax');
  });
});
