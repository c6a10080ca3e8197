// delete list, block / unblock / blocked: through the real router and a real database, in the
// three languages, with the refusals an owner would hit.
import { expect } from 'chai';
import { getBalance } from '../../src/credits.js';
import { useTestDb } from '../helpers/pg.js';
import { createWorld, type World } from '../router/router-world.js';

const code = (reply: string) => /\*(?:YES|EVET|HAAN) (\d{6})\*/.exec(reply)?.[1] ?? '';

describe('operator commands: delete a list, block and unblock numbers', () => {
  const t = useTestDb();
  let w: World;
  let owner: { accountId: number; phone: string; memberId: number };
  const send = (text: string) => w.send(owner.phone, text).then((r) => r.join('\n'));

  before(async function () {
    this.timeout(120_000);
    w = await createWorld(t.db);
    await t.db.exec('UPDATE plans SET min_campaign_size = 2');
    owner = await w.newAccount({ credits: 100 });
    await t.db.exec(`INSERT INTO sender_sessions (account_id, transport, purpose, status, warmup) VALUES ($1, 'sandbox', 'both', 'open', false)`, [owner.accountId]);
  });

  it('delete list asks for a code that names the contacts, then deletes the list and its contacts only', async () => {
    await send('create list old');
    await send('upload contacts to old\n03001234501\n03001234502\n03001234503');
    const ask = await send('delete list old');
    expect(ask).to.include('Delete list "old" and its 3 contacts?').and.match(/YES \d{6}/);
    expect(await send('lists')).to.include('old: 3 contacts'); // nothing happens before the code
    expect(await send(`yes ${code(ask)}`)).to.include('List "old" and its 3 contacts are deleted');
    expect(await send('lists')).to.not.include('old');
    const n = await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM contacts c JOIN contact_lists l ON l.id = c.list_id WHERE l.account_id = $1', [owner.accountId]);
    expect(n!.n).to.equal(0);
    expect(await send('delete list ghost')).to.include('no list named "ghost"');
  });

  it('delete list in Turkish and Urdu word order, answered in that language', async () => {
    await send('create list eski');
    const tr = await send('eski listesini sil');
    expect(tr).to.include('"eski" listesi ve 0 kişisi silinsin mi?').and.match(/EVET \d{6}/);
    expect(await send(`evet ${code(tr)}`)).to.include('silindi');
    await send('create list purani');
    const ur = await send('purani wali list delete kar do');
    expect(ur).to.include('"purani" list aur us ke 0 contacts delete kar dein?');
    expect(await send(`haan ${code(ur)}`)).to.include('delete ho gaye');
    expect(await send('lists')).to.not.match(/eski|purani/);
  });

  it('a campaign made from a deleted list keeps its recipients and its results', async () => {
    await send('create list shop');
    await send('upload contacts to shop\n03001234511\n03001234512');
    await send('create campaign sale for shop: Sale today');
    await send('send demo sale');
    const launch = await send('launch sale');
    expect(await send(`yes ${code(launch)}`)).to.include('2 messages queued');
    const del = await send('delete list shop');
    expect(await send(`yes ${code(del)}`)).to.include('deleted');
    expect(await send('status sale')).to.include('Campaign "sale"').and.include('Queued: 2');
  });

  it('block skips queued messages to the number and frees their credits; blocked lists it; unblock lifts it', async () => {
    await send('create list b');
    await send('upload contacts to b\n03001234521\n03001234522');
    await send('create campaign bc for b: Hello');
    await send('send demo bc');
    const launch = await send('launch bc');
    await send(`yes ${code(launch)}`);
    const before = await getBalance(t.db, owner.accountId);
    expect(await send('block 0300 1234521')).to.include('+923001234521 is blocked').and.include('credits returned');
    const after = await getBalance(t.db, owner.accountId);
    expect(after.reserved).to.equal(before.reserved - 1);
    expect(after.available).to.equal(before.available + 1);
    expect(await send('block +923001234521')).to.include('already blocked');
    const list = await send('blocked');
    expect(list).to.include('Blocked numbers (1)').and.include('+923001234521: blocked by you');
    expect(await send('unblock 03001234521')).to.include('+923001234521 is unblocked');
    expect(await send('unblock 03001234521')).to.include('was not blocked');
    expect(await send('blocked')).to.include('No number is blocked');
    expect(await send('block 12')).to.include('not a mobile number');
  });

  it("a customer's own STOP cannot be unblocked by the owner, in any language", async () => {
    await t.db.exec(`INSERT INTO suppressions (account_id, phone, source) VALUES ($1, '+923001234531', 'reply')`, [owner.accountId]);
    expect(await send('unblock 03001234531')).to.include('they sent STOP').and.not.include('Error');
    expect(await send('03001234531 numarasının engelini kaldır')).to.include('STOP gönderdi');
    expect(await send('03001234531 ko unblock karo')).to.include('STOP bheja');
    expect(await send('show me the blocked numbers')).to.include('+923001234531: the customer sent STOP');
  });

  it('block in Turkish and Urdu, answered in that language', async () => {
    expect(await send('03001234541 numarasını engelle')).to.include('+923001234541 engellendi');
    expect(await send('03001234542 ko block karo')).to.include('+923001234542 block ho gaya');
    expect(await send('engellenen numaraları göster')).to.include('Engelli numaralar');
  });
});
