import { expect } from 'chai';
import { createList, getListByName, ingestContacts, listInfo, listLists, removeContact } from '../../src/contacts/index.js';
import type { Ctx } from '../../src/context.js';
import { addSuppression } from '../../src/suppression.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, testCtx } from '../helpers/world.js';

describe('contact lists', () => {
  const t = useTestDb();
  let ctx: Ctx;
  let accountId: number;

  before(async () => {
    ctx = testCtx(t.db);
    ({ accountId } = await makeAccount(ctx.db));
  });

  it('creates a list, refuses the same name in any case, and finds it case-insensitively', async () => {
    const vip = await createList(ctx, accountId, '  VIP  customers ');
    expect(vip.name).to.equal('VIP customers');
    const err = await createList(ctx, accountId, 'vip CUSTOMERS').catch((e) => e);
    expect(err.name).to.equal('ListExistsError');
    expect(err.message).to.equal('A list named "vip CUSTOMERS" already exists.');
    expect((await getListByName(ctx, accountId, 'vip customers')).id).to.equal(vip.id);
  });

  it('keeps lists per account: another account may use the same name and cannot see ours', async () => {
    const other = await makeAccount(ctx.db);
    await createList(ctx, other.accountId, 'VIP customers');
    const err = await getListByName(ctx, other.accountId, 'nope').catch((e) => e);
    expect(err.name).to.equal('ListNotFoundError');
    expect(err.message).to.equal('There is no list named "nope".');
    expect((await listLists(ctx, other.accountId)).map((l) => l.name)).to.deep.equal(['VIP customers']);
  });

  it('refuses an empty or over-long name with a clear message', async () => {
    expect((await createList(ctx, accountId, '   ').catch((e) => e)).message).to.equal('The list needs a name.');
    expect((await createList(ctx, accountId, 'x'.repeat(65)).catch((e) => e)).message).to.match(/at most 64/);
  });

  it('lists with contact counts, and info with suppressed numbers and variables', async () => {
    const eid = await createList(ctx, accountId, 'eid');
    await ingestContacts(ctx, { accountId, listId: eid.id, input: 'phone,name,city\n03001234567,Ali,Lahore\n03011234567,Sara,Karachi\n03021234567,,\n' });
    await addSuppression(ctx, accountId, '0301 1234567', 'owner');
    const lists = await listLists(ctx, accountId);
    expect(lists.map((l) => [l.name, l.contacts])).to.deep.equal([['eid', 3], ['VIP customers', 0]]);
    const info = await listInfo(ctx, accountId, 'EID');
    expect(info).to.include({ name: 'eid', contacts: 3, suppressed: 1 });
    expect(info.variables).to.deep.equal(['city']);
  });

  it('removes one number typed in any local form; says so when it was not there', async () => {
    expect(await removeContact(ctx, accountId, 'eid', '0300-123 4567')).to.deep.equal({ phone: '+923001234567', removed: true });
    expect(await removeContact(ctx, accountId, 'eid', '+92 300 1234567')).to.deep.equal({ phone: '+923001234567', removed: false });
    const bad = await removeContact(ctx, accountId, 'eid', '042 3571 4444').catch((e) => e);
    expect(bad.name).to.equal('InvalidPhoneError');
    expect(bad.message).to.equal('"042 3571 4444" is not a mobile number (landline).');
    expect((await listInfo(ctx, accountId, 'eid')).contacts).to.equal(2);
  });
});
