import { expect } from 'chai';
import { buildBannedList, checkBannedContent, loadBannedList } from '../../src/content/banned-keywords.js';
import { useTestDb } from '../helpers/pg.js';

describe('banned content', () => {
  const t = useTestDb();

  it('finds banned words of each prohibited category and says which word', () => {
    expect(checkBannedContent('Hot PORN videos here')).to.deep.equal({ word: 'porn' });
    expect(checkBannedContent('You are a bitch')).to.deep.equal({ word: 'bitch' });
    expect(checkBannedContent('Double your money in 7 days!')).to.deep.equal({ word: 'double your money' });
    expect(checkBannedContent('Share your OTP to claim')).to.deep.equal({ word: 'share your otp' });
    expect(checkBannedContent('I will kill you')).to.not.equal(null);
  });

  it('sees through simple disguises: digits for letters, dots or spaces between letters, $ for s', () => {
    expect(checkBannedContent('best p0rn deals')).to.deep.equal({ word: 'porn' });
    expect(checkBannedContent('s.e.x chat tonight')).to.deep.equal({ word: 'sex' });
    expect(checkBannedContent('S E X')).to.deep.equal({ word: 'sex' });
    expect(checkBannedContent('$exy offers')).to.deep.equal({ word: 'sexy' });
    expect(checkBannedContent('f-u-c-k')).to.deep.equal({ word: 'fuck' });
  });

  it('covers Roman Urdu, Urdu script and Turkish (with İ/ı/ş/ç folded)', () => {
    expect(checkBannedContent('Tum harami ho')).to.deep.equal({ word: 'harami' });
    expect(checkBannedContent('یہ حرامی ہے')).to.deep.equal({ word: 'حرامی' });
    expect(checkBannedContent('ŞEREFSİZ adam')).to.deep.equal({ word: 'serefsiz' });
    expect(checkBannedContent('Tebrikler, piyango kazandınız!')).to.deep.equal({ word: 'piyango kazandiniz' });
  });

  it('matches whole words only: no false alarms on ordinary shop messages', () => {
    for (const text of [
      'Sussex essentials and cocktail glasses', 'You got 20% off!', 'Dear Amina, your order shipped', 'Class of 2026 sale',
      'Grapes and rapeseed oil', 'Assessment week', 'Scunthorpe United kits', 'Call 0300 1234567 for a free demo',
      'Eid Mubarak! Visit our store in Lahore', 'Yeni sezon indirimi başladı', 'عید مبارک، نئی سیل شروع',
    ]) {
      expect(checkBannedContent(text), text).to.equal(null);
    }
  });

  it('takes the list from settings: an array extends the defaults, replaceDefaults overrides them', async () => {
    await t.db.exec(`INSERT INTO settings (key, value) VALUES ('banned_keywords', '["crypto pump"]'::jsonb)`);
    let list = await loadBannedList(t.db);
    expect(checkBannedContent('Join our crypto pump group', list)).to.deep.equal({ word: 'crypto pump' });
    expect(checkBannedContent('porn', list)).to.deep.equal({ word: 'porn' });
    await t.db.exec(`UPDATE settings SET value = '{"words": ["casino"], "replaceDefaults": true}'::jsonb WHERE key = 'banned_keywords'`);
    list = await loadBannedList(t.db);
    expect(checkBannedContent('porn', list)).to.equal(null);
    expect(checkBannedContent('Best CASINO bonus', list)).to.deep.equal({ word: 'casino' });
    expect(checkBannedContent('x', buildBannedList([' ', '']))).to.equal(null);
  });
});
