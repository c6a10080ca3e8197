import { expect } from 'chai';
import { getBalance } from '../../src/credits.js';
import { useTestDb } from '../helpers/pg.js';
import { consoleApp, consoleCtx, makeUser, signIn, submit } from './helpers.js';

describe('console: accounts, members, payments, suspension, audit log', () => {
  const t = useTestDb();

  it('creates an account, shows hostile names as text, records a payment that tops up credits', async () => {
    await makeUser(t.db, 'acc@example.com');
    const app = consoleApp(consoleCtx(t.db));
    const admin = await signIn(app, 'acc@example.com');

    const bad = await submit(admin, '/accounts', '/accounts', { name: 'Shop', ownerPhone: '12', credits: '0' });
    expect((await admin.get(bad.headers.location!)).text).to.contain('&quot;12&quot; is not a mobile phone number');
    expect(await t.db.one('SELECT 1 FROM accounts')).to.equal(undefined);

    const created = await submit(admin, '/accounts', '/accounts', { name: '<script>alert(1)</script>', ownerPhone: '0300 1234567', ownerName: 'Ali', credits: '50', plan: 'default' });
    expect(created.headers.location).to.match(/^\/accounts\/\d+$/);
    const page = await admin.get(created.headers.location!);
    expect(page.text).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;').and.not.contain('<script>alert(1)');
    expect(page.text).to.contain('+923001234567');
    const id = Number(created.headers.location!.split('/').pop());
    expect((await getBalance(t.db, id)).available).to.equal(50);

    const paid = await submit(admin, `/accounts/${id}`, `/accounts/${id}/payments`, { method: 'jazzcash', reference: 'JC-778899', amount: '1500', credits: '1000' });
    const after = await admin.get(paid.headers.location!);
    expect(after.text).to.contain('1000 credits added');
    expect((await getBalance(t.db, id)).available).to.equal(1050);
    const payment = await t.db.one('SELECT method, reference, amount_minor, credits FROM payments WHERE account_id = $1', [id]);
    expect(payment).to.deep.equal({ method: 'jazzcash', reference: 'JC-778899', amount_minor: 150000, credits: 1000 });

    const noRef = await submit(admin, `/accounts/${id}`, `/accounts/${id}/payments`, { method: 'cash', reference: '', amount: '10', credits: '5' });
    expect((await admin.get(noRef.headers.location!)).text).to.contain('needs a reference');
    expect((await getBalance(t.db, id)).available).to.equal(1050);
  });

  it('adds members, changes roles, keeps an owner, edits, suspends and reactivates', async () => {
    await makeUser(t.db, 'mem@example.com');
    const app = consoleApp(consoleCtx(t.db));
    const admin = await signIn(app, 'mem@example.com');
    const created = await submit(admin, '/accounts', '/accounts', { name: 'Bakery', ownerPhone: '+923009998877', credits: '0' });
    const url = created.headers.location!;
    const id = Number(url.split('/').pop());

    await submit(admin, url, `${url}/members`, { phone: '03005556666', role: 'manager', name: 'Sara' });
    const members = await t.db.query<{ id: number; phone: string; role: string }>('SELECT id, phone, role FROM members WHERE account_id = $1 ORDER BY id', [id]);
    expect(members.map((m) => [m.phone, m.role])).to.deep.equal([['+923009998877', 'owner'], ['+923005556666', 'manager']]);

    const demote = await submit(admin, url, `${url}/members/${members[0]!.id}/role`, { role: 'viewer' });
    expect((await admin.get(demote.headers.location!)).text).to.contain('at least one owner');
    await submit(admin, url, `${url}/members/${members[1]!.id}/remove`, {});
    expect(await t.db.one('SELECT 1 FROM members WHERE id = $1', [members[1]!.id])).to.equal(undefined);

    await submit(admin, url, url, { name: 'Bakery & Sons', plan: 'default', country: 'tr', language: 'tr', timezone: 'Europe/Istanbul' });
    expect(await t.db.one('SELECT name, default_country, language, timezone FROM accounts WHERE id = $1', [id]))
      .to.deep.equal({ name: 'Bakery & Sons', default_country: 'TR', language: 'tr', timezone: 'Europe/Istanbul' });

    await submit(admin, url, `${url}/suspend`, { reason: 'banned content' });
    expect((await t.db.one('SELECT status FROM accounts WHERE id = $1', [id]))!.status).to.equal('suspended');
    await submit(admin, url, `${url}/reactivate`, {});
    expect((await t.db.one('SELECT status FROM accounts WHERE id = $1', [id]))!.status).to.equal('active');

    const audit = await admin.get(`/audit?account=${id}`);
    for (const action of ['account.create', 'member.add', 'member.remove', 'account.update', 'account.suspend', 'account.reactivate']) {
      expect(audit.text).to.contain(action);
    }
    expect(audit.text).to.contain('mem@example.com');
  });

  it('lets a viewer read accounts but change nothing', async () => {
    await makeUser(t.db, 'view@example.com', 'viewer');
    const app = consoleApp(consoleCtx(t.db));
    const viewer = await signIn(app, 'view@example.com');
    const list = await viewer.get('/accounts');
    expect(list.status).to.equal(200);
    expect(list.text).to.not.contain('New account');
    const attempt = await submit(viewer, '/accounts', '/accounts', { name: 'Sneaky', ownerPhone: '+923001112222' });
    expect(attempt.status).to.equal(403);
    expect(await t.db.one("SELECT 1 FROM accounts WHERE name = 'Sneaky'")).to.equal(undefined);
  });
});
