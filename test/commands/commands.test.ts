// Every command through the real router and a real database: happy path and refusals.
import { expect } from 'chai';
import { getBalance } from '../../src/credits.js';
import { useTestDb } from '../helpers/pg.js';
import { createWorld, fileMedia, nextPhone, type World } from '../router/router-world.js';

const code = (reply: string) => /\*(?:YES|EVET|HAAN) (\d{6})\*/.exec(reply)?.[1] ?? '';

describe('operator commands', () => {
  const t = useTestDb();
  let w: World;
  let owner: { accountId: number; phone: string; memberId: number };
  const send = (text: string, opts?: Parameters<World['send']>[2]) => w.send(owner.phone, text, opts).then((r) => r.join('\n'));

  before(async function () {
    this.timeout(120_000);
    w = await createWorld(t.db);
    await t.db.exec('UPDATE plans SET min_campaign_size = 2');
    owner = await w.newAccount({ credits: 100 });
    await t.db.exec(`INSERT INTO sender_sessions (account_id, transport, purpose, status, warmup) VALUES ($1, 'sandbox', 'both', 'open', false)`, [owner.accountId]);
  });

  it('help lists only what the role may run, with an example each; help COMMAND explains one', async () => {
    const all = await send('help');
    expect(all).to.include('create list NAME').and.include('delete my account').and.include('e.g. balance');
    const viewer = nextPhone();
    await w.addMember(owner.accountId, viewer, 'viewer');
    const v = (await w.send(viewer, 'help')).join('\n');
    expect(v).to.include('balance').and.not.include('delete my account').and.not.include('create list NAME');
    expect(await send('help launch')).to.include('launch NAME').and.include('confirmation code');
    expect(await send('help frobnicate')).to.include('no command "frobnicate"');
    expect(await send('yardım')).to.include('Kullanabileceğiniz komutlar');
    // A one-word message is answered in the member's last language; an English sentence switches back.
    expect(await send('help')).to.include('Kullanabileceğiniz komutlar');
    expect(await send('what can you do for me')).to.include('Commands you can use');
  });

  it('terms shows the text and the acceptance state', async () => {
    const r = await send('terms');
    expect(r).to.include('Prepaid credits').and.include('accepted this version');
  });

  it('balance and plan report credits, limits and the next bill; pay lists unpaid invoices', async () => {
    expect(await send('balance')).to.include('Credits available: 100').and.include('Messages left today: 10,000 of 10,000').and.include('none scheduled');
    expect(await send('plan')).to.include('Minimum campaign size: 2');
    expect(await send('pay')).to.include('no unpaid invoices');
    await t.db.exec(`INSERT INTO invoices (account_id, amount_minor, due_at) VALUES ($1, 250000, '2026-03-10')`, [owner.accountId]);
    expect(await send('pay')).to.match(/2,500 PKR, due 2026-03-10/);
    expect(await send('balance')).to.include('Next bill: 2,500 PKR due 2026-03-10');
  });

  it('topup creates a pending request and refuses a bad amount', async () => {
    expect(await send('topup 5,000')).to.match(/Top-up request #\d+ for 5,000 credits/);
    const row = await t.db.one('SELECT credits, status FROM topup_requests WHERE account_id = $1', [owner.accountId]);
    expect(row).to.deep.equal({ credits: 5000, status: 'pending' });
    expect(await send('topup 0')).to.include('not a valid amount');
    expect((await getBalance(t.db, owner.accountId)).available).to.equal(100);
  });

  it('create list, lists, list info, and their refusals', async () => {
    expect(await send('create list vip')).to.include('List "vip" created').and.include('.txt/.csv/.vcf/.xlsx file');
    expect(await send('create list VIP')).to.include('already exists');
    expect(await send('create list @@')).to.include('not a usable name');
    expect(await send('lists')).to.include('vip: 0 contacts');
    expect(await send('list info nope')).to.include('no list named "nope"');
  });

  it('upload contacts inline reports accepted, duplicates and rejects by reason, and sends the rejected lines back', async () => {
    const r = await send('upload contacts to vip\n0300 1234567\n+923001234567\n03011234568\n042 35714444\n12\nhello');
    expect(r).to.include('2 numbers added').and.include('1 in the upload').and.include('Rejected (never charged): 3')
      .and.include('landline: 1').and.include('too short: 1').and.include('not a phone: 1');
    expect(w.lastFiles).to.have.length(1);
    expect(w.lastFiles[0]!.data!.toString()).to.include('042 35714444');
    expect(await send('list info vip')).to.include('2 contacts');
  });

  it('upload contacts from an attached .csv file; refuses other media and uploads without numbers', async () => {
    const r = await send('upload contacts to vip', { media: fileMedia('c.csv', 'phone,name\n03021234567,Ali\n03001234567,Dup\n') });
    expect(r).to.include('1 numbers added').and.include('1 already on the list');
    expect(await send('upload contacts to vip', { media: fileMedia('photo.jpg', 'xx', 'image', 'image/jpeg') })).to.include('only read contact files');
    expect(await send('upload contacts to vip')).to.include('one per line');
    expect(await send('', { media: fileMedia('c.txt', '03031234567') })).to.include('caption');
    expect(await send('upload contacts to ghost\n03001234567')).to.include('no list named "ghost"');
  });

  it('remove NUMBER from NAME asks for a code, then deletes', async () => {
    const ask = await send('remove 03021234567 from vip');
    expect(ask).to.include('Remove +923021234567 from list "vip"?').and.match(/YES \d{6}/);
    expect(await send(`yes ${code(ask)}`)).to.include('+923021234567 removed from "vip"');
    expect(await send('remove 12 from vip')).to.include('not a mobile number');
  });

  it('answers a service refusal in the language the owner wrote in', async () => {
    expect(await send('liste bilgisi hayalet')).to.include('"hayalet" adında bir liste yok.');
    expect(await send('nope list ki tafseel')).to.include('"nope" naam ki koi list nahi hai.');
    expect(await send('list info nope')).to.include('no list named "nope"');
  });

  it('keeps a campaign text exactly as written, final full stop and spacing included', async () => {
    const r = await send('create campaign dot for vip: Sale ends today.  Visit us!!');
    expect(r).to.include('Campaign "dot" created');
    const row = await t.db.one<{ body: string }>(`SELECT body FROM campaigns WHERE name = 'dot'`);
    expect(row!.body).to.equal('Sale ends today.  Visit us!!');
    await t.db.exec(`DELETE FROM campaigns WHERE name = 'dot'`);
  });

  it('create campaign with a preview; campaigns; send demo to the own number; launch after a code', async () => {
    const c = await send('create campaign eid for vip: Eid Mubarak {{name|friend}}!');
    expect(c).to.include('Campaign "eid" created').and.include('Eid Mubarak');
    expect(await send('create campaign x for ghost: hi')).to.include('no list');
    // A draft has no outbox rows yet: its list's size, as the console shows it.
    expect(await send('campaigns')).to.include('eid (draft) — list vip, 2 recipients');
    expect(await send('launch eid')).to.include('Send a demo of "eid" first');
    const before = w.sent.length;
    expect(await send('send demo eid')).to.include('Demo of "eid" sent to ' + owner.phone);
    expect(w.sent.slice(before).some((s) => s.content.kind === 'text' && s.content.text.startsWith('Eid Mubarak'))).to.equal(true);
    const ask = await send('launch eid');
    expect(ask).to.include('Recipients: 2').and.include('Credits to reserve: 2').and.match(/YES \d{6}/);
    expect(await send(`YES ${code(ask)}`)).to.include('is running: 2 messages queued');
    expect(await getBalance(t.db, owner.accountId)).to.deep.equal({ available: 98, reserved: 2 });
    expect(await send('launch eid')).to.include('already running');
  });

  it('status, pause, resume (with a code) and cancel (with a code, releasing credits)', async () => {
    expect(await send('status eid')).to.include('Campaign "eid" (running)').and.include('Queued: 2');
    expect(await send('pause eid')).to.include('paused');
    expect(await send('pause eid')).to.include('only a running campaign');
    const ask = await send('resume eid');
    expect(await send(`yes ${code(ask)}`)).to.include('running again');
    const c = await send('cancel eid');
    expect(await send(`${code(c)}`)).to.include('2 messages will not be sent, 2 credits returned');
    expect(await getBalance(t.db, owner.accountId)).to.deep.equal({ available: 100, reserved: 0 });
    expect(await send('status ghost')).to.include('no campaign named');
  });

  it('status counts delivered and read as parts of sent (a read message was sent and delivered too)', async () => {
    await t.db.exec(`UPDATE outbox SET status = CASE WHEN phone = (SELECT min(phone) FROM outbox o2 WHERE o2.campaign_id = outbox.campaign_id) THEN 'read' ELSE 'delivered' END,
                       sent_at = now(), reason = NULL WHERE campaign_id = (SELECT id FROM campaigns WHERE name = 'eid' AND account_id = $1)`, [owner.accountId]);
    expect(await send('status eid')).to.include('Sent: 2 (2 delivered, 1 read)');
    // The same parts per channel when the campaign went out on more than WhatsApp (SMS fallback).
    await t.db.exec(`UPDATE campaigns SET sms_fallback = 'not_registered' WHERE name = 'eid' AND account_id = $1`, [owner.accountId]);
    await t.db.exec(`UPDATE outbox SET channel = 'sms' WHERE status = 'delivered' AND campaign_id = (SELECT id FROM campaigns WHERE name = 'eid' AND account_id = $1)`, [owner.accountId]);
    expect(await send('status eid')).to.include('Sent: 2 (2 delivered, 1 read)')
      .and.include('WhatsApp 1 sent (1 delivered, 1 read)').and.include('SMS 1 sent (1 delivered, 0 read)');
    await t.db.exec(`UPDATE outbox SET channel = 'whatsapp' WHERE campaign_id = (SELECT id FROM campaigns WHERE name = 'eid' AND account_id = $1)`, [owner.accountId]);
    await t.db.exec(`UPDATE campaigns SET sms_fallback = 'none' WHERE name = 'eid' AND account_id = $1`, [owner.accountId]);
  });

  it('launch refusals come back with their reason (too few credits)', async () => {
    const poor = await w.newAccount({ credits: 1 });
    await t.db.exec(`INSERT INTO sender_sessions (account_id, transport, purpose, status) VALUES ($1, 'sandbox', 'both', 'open')`, [poor.accountId]);
    const p = (x: string) => w.send(poor.phone, x).then((r) => r.join('\n'));
    await p('create list l');
    await p('upload contacts to l\n03041234567\n03051234567');
    await p('create campaign c for l: hello');
    await p('send demo c');
    // Refused before any confirmation code is offered.
    const ask = await p('launch c');
    expect(ask).to.include('Launch refused').and.include('needs 2 credits').and.not.match(/YES \d{6}/);
  });

  it('export my data sends a JSON file; delete my account erases all but billing after a code', async () => {
    expect(await send('export my data')).to.include('JSON');
    const data = JSON.parse(w.lastFiles[0]!.data!.toString());
    expect(data.account.id).to.equal(owner.accountId);
    expect(data.contactLists[0].contacts.map((c: { phone: string }) => c.phone)).to.include('+923001234567');

    const manager = nextPhone();
    await w.addMember(owner.accountId, manager, 'manager');
    expect((await w.send(manager, 'delete my account')).join()).to.include('may not run');

    const ask = await send('delete my account');
    expect(ask).to.include('kept 7 years');
    expect(await send(`yes ${code(ask)}`)).to.include('deleted');
    const acc = await t.db.one('SELECT status FROM accounts WHERE id = $1', [owner.accountId]);
    expect(acc!.status).to.equal('erased');
    expect((await t.db.one('SELECT count(*)::int AS n FROM contact_lists WHERE account_id = $1', [owner.accountId]))!.n).to.equal(0);
    expect((await t.db.one('SELECT count(*)::int AS n FROM invoices WHERE account_id = $1', [owner.accountId]))!.n).to.equal(1);
    expect((await t.db.one('SELECT count(*)::int AS n FROM credit_ledger WHERE account_id = $1', [owner.accountId]))!.n).to.be.greaterThan(0);
    expect(await w.send(owner.phone, 'balance')).to.deep.equal([]); // no longer a member
  });
});
