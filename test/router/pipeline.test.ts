// The router's gates: unknown numbers, terms, suspension, roles, confirmations, duplicates,
// rate limit, size and media limits, languages.
import { expect } from 'chai';
import { suspendAccount } from '../../src/accounts.js';
import { publishTerms } from '../../src/terms.js';
import { useTestDb } from '../helpers/pg.js';
import { createWorld, fileMedia, nextPhone, type World } from './router-world.js';

const code = (reply: string) => /\*(?:YES|EVET|HAAN) (\d{6})\*/.exec(reply)?.[1] ?? '';

describe('router pipeline', () => {
  const t = useTestDb();
  let w: World;
  before(async function () { this.timeout(120_000); w = await createWorld(t.db); });

  it('tells an unknown number once a day what the operator number is for, and confirms its STOP once', async () => {
    const a = await w.newAccount();
    const stranger = nextPhone();
    await t.db.exec(`INSERT INTO campaigns (account_id, name, body) VALUES ($1, 'c', 'x')`, [a.accountId]);
    await t.db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, status) SELECT id, $1, $2, 'sent' FROM campaigns WHERE account_id = $1`, [a.accountId, stranger]);
    const first = await w.send(stranger, 'balance');
    expect(first).to.have.length(1);
    expect(first[0]).to.include('registered');
    expect(await w.send(stranger, 'hello?')).to.deep.equal([]); // once a day
    expect(await w.send(stranger, 'hello?', { id: 'same-message' })).to.deep.equal([]);
    w.clock.advance(24 * 60 * 60 * 1000);
    expect(await w.send(stranger, 'anyone there')).to.have.length(1);
    const stop = await w.send(stranger, 'STOP', { id: 'stop-1' });
    expect(stop).to.have.length(1);
    expect(stop[0]).to.include('mazeed messages nahi'); // a +92 number writing one word: Roman Urdu
    expect(await w.send(stranger, 'STOP', { id: 'stop-1' })).to.deep.equal([]); // the same message again: no second reply
    // A sender number of an account answers a stranger's non-STOP with nothing.
    const sender = await t.db.one<{ id: number }>(`INSERT INTO sender_sessions (account_id, transport, purpose, status) VALUES ($1, 'sandbox', 'campaigns', 'open') RETURNING id`, [a.accountId]);
    expect(await w.send(nextPhone(), 'who is this', { sessionId: sender!.id })).to.deep.equal([]);
    await t.db.exec('DELETE FROM sender_sessions WHERE id = $1', [sender!.id]);
    const s = await t.db.one('SELECT source FROM suppressions WHERE account_id = $1 AND phone = $2', [a.accountId, stranger]);
    expect(s?.source).to.equal('reply');
  });

  it('honours an opt-out word an admin added in settings, from an unknown number', async () => {
    const a = await w.newAccount();
    const stranger = nextPhone();
    await t.db.exec(`INSERT INTO settings (key, value) VALUES ('opt_out_keywords', '["bas karo"]'::jsonb)
                     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`);
    await t.db.exec(`INSERT INTO campaigns (account_id, name, body) VALUES ($1, 'c2', 'x')`, [a.accountId]);
    await t.db.exec(`INSERT INTO outbox (campaign_id, account_id, phone, status) SELECT id, $1, $2, 'sent' FROM campaigns WHERE account_id = $1 AND name = 'c2'`, [a.accountId, stranger]);
    expect((await w.send(stranger, 'Bas karo!')).join()).to.include('mazeed messages nahi');
    const s = await t.db.one('SELECT source FROM suppressions WHERE account_id = $1 AND phone = $2', [a.accountId, stranger]);
    expect(s?.source).to.equal('reply');
    await t.db.exec(`DELETE FROM settings WHERE key = 'opt_out_keywords'`);
  });

  it('asks an owner who has not accepted the current terms to reply AGREE, and records it', async () => {
    const a = await w.newAccount({ acceptTerms: false });
    expect((await w.send(a.phone, 'balance')).join()).to.include('Reply *AGREE*');
    expect((await w.send(a.phone, 'help')).join()).to.include('Commands you can use');
    const manager = nextPhone();
    await w.addMember(a.accountId, manager, 'manager');
    expect((await w.send(manager, 'lists')).join()).to.include('owner has not accepted');
    expect((await w.send(a.phone, 'AGREE')).join()).to.include('accepted');
    const row = await t.db.one('SELECT phone, member_id FROM terms_acceptances WHERE account_id = $1', [a.accountId]);
    expect(row).to.deep.equal({ phone: a.phone, member_id: a.memberId });
    expect((await w.send(a.phone, 'balance')).join()).to.include('Credits available');
    // A new version asks again.
    await publishTerms(t.db, '2099-01', 'new terms');
    expect((await w.send(a.phone, 'bakiye')).join()).to.include('KABUL').and.include('2099-01');
    expect((await w.send(a.phone, 'kabul ediyorum')).join()).to.include('2099-01');
  });

  it('lets a suspended account run only help, balance, plan and pay', async () => {
    const a = await w.newAccount({ credits: 10 });
    await suspendAccount(t.db, a.accountId, 'unpaid invoice', { type: 'system' });
    for (const ok of ['help', 'balance', 'plan', 'pay']) expect((await w.send(a.phone, ok)).join()).to.not.include('suspended');
    const r = (await w.send(a.phone, 'create list x')).join();
    expect(r).to.include('suspended (unpaid invoice)');
    expect(await t.db.one('SELECT id FROM contact_lists WHERE account_id = $1', [a.accountId])).to.equal(undefined);
  });

  it('binds a confirmation code to the member who asked and expires it after 5 minutes', async () => {
    const a = await w.newAccount();
    const other = nextPhone();
    await w.addMember(a.accountId, other, 'owner');
    await w.send(a.phone, 'create list l');
    await w.send(a.phone, 'upload contacts to l\n03001112223');
    const ask = (await w.send(a.phone, 'remove 03001112223 from l')).join();
    expect((await w.send(other, `yes ${code(ask)}`)).join()).to.include('no pending action');
    w.clock.advance(5 * 60 * 1000 + 1);
    expect((await w.send(a.phone, `yes ${code(ask)}`)).join()).to.include('expired');
    expect((await w.send(a.phone, 'list info l')).join()).to.include('1 contacts');
    const again = (await w.send(a.phone, 'remove 03001112223 from l')).join();
    w.clock.advance(4 * 60 * 1000);
    expect((await w.send(a.phone, `haan ${code(again)}`)).join()).to.include('nikal diya'); // replied in Roman Urdu
    expect((await w.send(a.phone, `yes ${code(again)}`)).join()).to.include('koi kaam baqi nahi'); // used once; short, so still Roman Urdu
  });

  it('never answers one inbound message id twice', async () => {
    const a = await w.newAccount();
    expect(await w.send(a.phone, 'balance', { id: 'dup-1' })).to.have.length(1);
    expect(await w.send(a.phone, 'balance', { id: 'dup-1' })).to.have.length(0);
    expect(await w.send(a.phone, 'balance', { id: 'dup-1', sessionId: 2 })).to.have.length(1);
  });

  it('refuses messages over 4,096 characters and media that is not a contact file', async () => {
    const a = await w.newAccount();
    expect((await w.send(a.phone, 'x'.repeat(4097))).join()).to.include('4,097 characters');
    // An audio file may be a campaign's media now: without a caption that says so, the owner is told how to use it.
    expect((await w.send(a.phone, 'hi', { media: fileMedia('a.mp3', 'x', 'audio', 'audio/mpeg') })).join()).to.include('attach to NAME');
    await w.send(a.phone, 'create list vip');
    expect((await w.send(a.phone, 'upload contacts to vip', { media: fileMedia('a.mp3', 'x', 'audio', 'audio/mpeg') })).join()).to.include('only read contact files');
    expect((await w.send(a.phone, 'hi', { media: fileMedia('s.webp', 'x', 'sticker', 'image/webp') })).join()).to.include('only read contact files');
  });

  it('rate-limits a sender: one warning, then silence until the minute passes', async () => {
    const limited = await createWorld(t.db, { COMMAND_RATE_LIMIT: '3' });
    const a = await limited.newAccount();
    for (let i = 0; i < 3; i++) expect(await limited.send(a.phone, 'balance')).to.have.length(1);
    expect((await limited.send(a.phone, 'balance')).join()).to.include('too fast');
    expect(await limited.send(a.phone, 'balance')).to.have.length(0);
    limited.clock.advance(61_000);
    expect((await limited.send(a.phone, 'balance')).join()).to.include('Credits available');
  });

  it('replies in the language the sender wrote in, and suggests a command when unsure', async () => {
    const a = await w.newAccount({ credits: 7 });
    expect((await w.send(a.phone, 'how much credit do I have left?')).join()).to.include('Credits available: 7');
    expect((await w.send(a.phone, 'bakiyem ne kadar')).join()).to.include('Kullanılabilir kredi: 7');
    expect((await w.send(a.phone, 'mera balance kitna hai')).join()).to.include('Dastiyab credits: 7');
    // A missing name is asked for, and the next message is the answer.
    expect((await w.send(a.phone, 'please make a new list for my customers')).join()).to.include('What should the new list be called?');
    expect((await w.send(a.phone, 'regulars')).join()).to.include('List "regulars" created');
    expect((await w.send(a.phone, 'qwxz vbnm')).join()).to.include("didn't understand");
  });

  it('a member known only by LID is identified and answered on its phone', async () => {
    const a = await w.newAccount();
    await t.db.exec('UPDATE members SET lid = $2 WHERE id = $1', [a.memberId, '998877@lid']);
    const start = w.sent.length;
    await w.router.handle({ sessionId: 1, id: 'lid-1', fromLid: '998877@lid', text: 'balance', timestamp: new Date() });
    expect(w.sent.slice(start).map((s) => s.to)).to.deep.equal([a.phone]);
  });
});
