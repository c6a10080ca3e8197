// Understanding owners as they write: names anywhere (suffixes, particles, typos), typos in
// command words, follow-up questions (answered by number or name, per member, 5 minutes,
// surviving a restart), one language per reply, refusals before any code, no internal states.
import { expect } from 'chai';
import { createRouter } from '../../src/router/router.js';
import { useTestDb } from '../helpers/pg.js';
import { createWorld, nextPhone, type World } from './router-world.js';

const code = (reply: string) => /\*(?:YES|EVET|HAAN) (\d{6})\*/.exec(reply)?.[1] ?? '';

describe('understanding owners', function () {
  this.timeout(120_000);
  const t = useTestDb();
  let w: World;
  let owner: { accountId: number; phone: string; memberId: number };
  const send = (text: string) => w.send(owner.phone, text).then((r) => r.join('\n'));
  const explain = (text: string) => w.router.explain(owner.phone, text);

  before(async () => {
    w = await createWorld(t.db);
    await t.db.exec('UPDATE plans SET min_campaign_size = 2');
    owner = await w.newAccount({ credits: 100 });
    await t.db.exec(`INSERT INTO sender_sessions (account_id, transport, purpose, status, warmup) VALUES ($1, 'sandbox', 'both', 'open', false)`, [owner.accountId]);
    await send('create list wholesale');
    await send('upload contacts to wholesale\n03001234567\n03011234567\n03021234567');
    await send('create list test');
    await send('create campaign eid for wholesale: Eid Mubarak {{name|friend}}');
    await send('create campaign jumma for wholesale: Jumma sale');
  });

  it('finds the account\'s names anywhere, with Turkish suffixes, Urdu particles and small typos', async () => {
    const cases: Array<[string, string, Record<string, string>]> = [
      ['demo eid pls', 'send-demo', { name: 'eid' }],
      ['kill the eid campaign', 'cancel', { name: 'eid' }],
      ["eid'i durdur", 'pause', { name: 'eid' }],
      ['eid kampanyasını durdur', 'pause', { name: 'eid' }],
      ['eid ka status', 'status', { name: 'eid' }],
      ['eid rok do abhi', 'pause', { name: 'eid' }],
      ['status of jumaa', 'status', { name: 'jumma' }],
      ['list info wholsale', 'list-info', { name: 'wholesale' }],
      ['nayi list banao dukaan', 'create-list', { name: 'dukaan' }],
      ['create list all', 'create-list', { name: 'all' }],
    ];
    for (const [text, command, args] of cases) {
      const e = await explain(text);
      expect({ text, command: e.command, args: e.args }).to.deep.equal({ text, command, args });
    }
  });

  it('takes a new name from its slot, keeps an existing name inside it, and reads sender numbers and negations where they stand', async () => {
    const cases: Array<[string, string | null, Record<string, string>]> = [
      // A new name that contains an existing one keeps it, even one that is also a command word ("test").
      ['create campaign eid 2026 for wholesale: Eid offers', 'create-campaign', { name: 'eid 2026', list: 'wholesale', text: 'Eid offers' }],
      ['create list test 2026', 'create-list', { name: 'test 2026' }],
      ['toptan adında liste oluştur', 'create-list', { name: 'toptan' }],
      ['quetta ke liye alag list bana do', 'create-list', { name: 'quetta' }],
      ['ek campaign banao naam ramazan wholesale list ke liye', 'create-campaign', { name: 'ramazan', list: 'wholesale' }],
      ['sender 2 ko band kar do', 'pause-sender', { number: '2' }],
      ['2. göndericiyi tekrar başlat', 'resume-sender', { number: '2' }],
      // A negation counts next to the command's own word only.
      ['cancel jumma, dont send it any more', 'cancel', { name: 'jumma' }],
      ['no need to pause eid', null, {}],
      ['jumma ko rokna nahi hai', null, {}],
    ];
    for (const [text, command, args] of cases) {
      const e = await explain(text);
      expect({ text, command: e.command, args: e.args }).to.deep.equal({ text, command, args });
    }
  });

  it('understands typos in command words in all three languages', async () => {
    for (const [text, command] of [['lauch eid', 'launch'], ['stauts eid', 'status'], ['pasue eid', 'pause'], ['resum eid', 'resume'],
      ['durum eid', 'status'], ['eid ka staus', 'status'], ['eid kampnaya durumu', 'status']] as const) {
      expect((await explain(text)).command, text).to.equal(command);
    }
  });

  it('never reads a resume or pause phrase, or a negation, as a launch', async () => {
    expect((await explain('eid dobara chalao')).command).to.equal('resume');
    expect((await explain('eid phir se shuru karo')).command).to.equal('resume');
    expect((await explain("don't launch eid yet")).command).to.equal(null);
    expect((await explain('eid abhi mat chalao')).command).to.equal(null);
  });

  it('prints what a message resolves to without running it', async () => {
    const e = await explain('launch eid');
    expect(e).to.deep.equal({ text: 'launch eid', command: 'launch', args: { name: 'eid' }, missing: [], lang: e.lang, via: 'grammar', score: 1 });
    expect(await t.db.one(`SELECT 1 FROM pending_confirmations WHERE member_id = $1`, [owner.memberId])).to.equal(undefined);
    const missing = await explain('launch');
    expect(missing.command).to.equal('launch');
    expect(missing.missing).to.deep.equal(['name']);
  });

  it('asks which campaign, takes the next message as the answer, and the question survives a restart', async () => {
    const q = await send('status');
    expect(q).to.include('Which campaign?').and.include('1) jumma').and.include('2) eid');
    // A restart: a new router on the same database still knows the question.
    const phone = owner.phone;
    const replies: string[] = [];
    const again = await createRouter(w.ctx, { reply: async (_s, to, c) => { if (to === phone && c.kind === 'text') replies.push(c.text); } });
    await again.ready();
    await again.handle({ sessionId: 1, id: `restart-${Date.now()}`, fromPhone: phone, text: '2', timestamp: w.clock.now() });
    expect(replies.join('\n')).to.include('Campaign "eid"');
    // Answered: gone.
    expect(await t.db.one('SELECT 1 FROM pending_questions WHERE member_id = $1', [owner.memberId])).to.equal(undefined);
  });

  it('takes a name as the answer, lets a new command abandon the question, and forgets it after 5 minutes', async () => {
    expect(await send('send demo')).to.include('Which campaign?');
    expect(await send('jumma')).to.include('Demo of "jumma" sent');
    expect(await send('pause')).to.include('Which campaign?');
    expect(await send('balance')).to.include('Credits available');
    expect(await send('1')).to.not.include('paused');
    expect(await send('status')).to.include('Which campaign?');
    w.clock.advance(5 * 60 * 1000 + 1);
    expect(await send('1')).to.not.include('Campaign "');
  });

  it('keeps a question to the member who was asked', async () => {
    const manager = nextPhone();
    await w.addMember(owner.accountId, manager, 'manager');
    expect(await send('status')).to.include('Which campaign?');
    expect((await w.send(manager, '1')).join()).to.not.include('Campaign "');
    expect(await send('1')).to.include('Campaign "');
  });

  it('refuses before any code: a launch on a list below the minimum, a resume of a campaign never launched', async () => {
    await send('send demo eid');
    await t.db.exec('UPDATE plans SET min_campaign_size = 1000');
    const launch = await send('launch eid');
    expect(launch).to.include('Launch refused').and.not.match(/YES \d{6}/);
    await t.db.exec('UPDATE plans SET min_campaign_size = 2');
    const resume = await send('resume jumma');
    expect(resume).to.include('only a paused campaign').and.not.match(/YES \d{6}/).and.not.include('demo_sent');
    expect(await t.db.one(`SELECT 1 FROM pending_confirmations WHERE member_id = $1`, [owner.memberId])).to.equal(undefined);
  });

  it('answers in the language written in; a short message gets the last language; replies never show state names', async () => {
    expect(await send('bakiye ne kadar')).to.include('Kullanılabilir kredi');
    expect(await send('status eid')).to.include('kampanyası').and.not.include('demo_sent');
    expect(await send('eid ka status batao')).to.include('campaign').and.include('Bheje');
    expect(await send('campaigns')).to.include('Aap ki campaigns').and.not.match(/demo_sent|\(draft\)/);
    expect(code(await send('what is the status of my campaigns please'))).to.equal('');
  });
});
