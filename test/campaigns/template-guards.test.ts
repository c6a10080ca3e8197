// Templates that never embarrass, through the chat on a real database: a campaign on an empty
// list (or one whose every line was rejected) is refused in the owner's language; a variable some
// contacts lack gets a warning with the count and a fallback to copy; the preview, the demo and the
// launched messages read without a stray space.
import { expect } from 'chai';
import { createWorld, type World } from '../router/router-world.js';
import { useTestDb } from '../helpers/pg.js';

describe('templates that never embarrass', function () {
  this.timeout(30_000);
  const t = useTestDb();
  let w: World;
  before(async () => { w = await createWorld(t.db); });

  async function owner(language?: 'en' | 'tr' | 'ur') {
    const a = await w.newAccount({ credits: 100, language });
    if (language) await t.db.exec('UPDATE members SET language = $2 WHERE id = $1', [a.memberId, language]);
    return a;
  }

  it('refuses a campaign on an empty list, and on a list whose every line was rejected, in three languages', async () => {
    const en = await owner();
    await w.send(en.phone, 'create list vip');
    expect((await w.send(en.phone, 'create campaign eid for vip: Hi {{name}}')).join('\n'))
      .to.include('List "vip" has no numbers, so there is no one to send to');
    await w.send(en.phone, 'upload contacts to vip\nhello\n021 1234\n12');
    expect((await w.send(en.phone, 'create campaign eid for vip: Hi {{name}}')).join('\n')).to.include('has no numbers');
    expect((await w.send(en.phone, 'campaigns')).join('\n')).to.include('No campaigns yet');

    const tr = await owner('tr');
    await w.send(tr.phone, 'liste oluştur vip');
    expect((await w.send(tr.phone, 'kampanya oluştur eid vip: Merhaba {{name}}')).join('\n')).to.include('"vip" listesinde hiç numara yok');
    const ur = await owner('ur');
    await w.send(ur.phone, 'list banao vip');
    expect((await w.send(ur.phone, 'campaign banao eid vip: Salam {{name}}')).join('\n')).to.include('"vip" list mein koi number nahi');
  });

  it('warns with the count of contacts missing a variable and suggests a fallback; the preview has no stray space', async () => {
    const a = await owner();
    await w.send(a.phone, 'create list vip');
    await w.send(a.phone, 'upload contacts to vip\n+923001230001\n+923001230002\n+923001230003, Sana');
    const reply = (await w.send(a.phone, 'create campaign eid for vip: Hi {{name}}, new stock arrived')).join('\n');
    expect(reply).to.include('2 of 3 contacts have no {{name}}');
    expect(reply).to.include('{{name|friend}}');
    expect(reply).to.not.include('Hi , new stock');
    const fixed = (await w.send(a.phone, 'create campaign eid2 for vip: Eid Mubarak {{name|friend}}!')).join('\n');
    expect(fixed).to.not.include('have no');
    expect(fixed).to.include('Eid Mubarak');
  });

  it('the suggested fallback is in the owner\'s language', async () => {
    const a = await owner('ur');
    await w.send(a.phone, 'list banao vip');
    await w.send(a.phone, 'vip mein contacts upload karo\n+923001240001\n+923001240002');
    const reply = (await w.send(a.phone, 'campaign banao eid vip: Eid Mubarak {{name}}!')).join('\n');
    expect(reply).to.include('2 mein se 2 contacts ka {{name}} nahi hai');
    expect(reply).to.include('{{name|dost}}');
    expect(reply).to.include('Eid Mubarak!');
    expect(reply).to.not.include('Eid Mubarak !');
  });
});
