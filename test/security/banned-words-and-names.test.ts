// Issue 17 items 2 and 9: the banned-word filter sees through invisible characters, look-alike
// letters, masks and separators; look-alike list and campaign names cannot coexist.
import { expect } from 'chai';
import { SYSTEM } from '../../src/audit.js';
import { createCampaign, launchCampaign, LaunchRefusedError, markDemoSent, prepareDemo } from '../../src/campaigns/index.js';
import { createList, getListByName } from '../../src/contacts/lists.js';
import { checkBannedContent } from '../../src/content/banned-keywords.js';
import { normalise } from '../../src/text/normalise.js';
import { render } from '../../src/i18n/t.js';
import type { Ctx } from '../../src/context.js';
import { useTestDb } from '../helpers/pg.js';
import { fillList, makeAccount, makeSender, testCtx } from '../helpers/world.js';

/** Each disguise of the issue (and more), with the word it hides. */
export const BYPASS_CORPUS: Array<[text: string, word: string]> = [
  ['Hot p\u200Born here', 'porn'], // zero-width space
  ['p\u200Dorn videos', 'porn'], // zero-width joiner
  ['p\u200Corn', 'porn'], // zero-width non-joiner
  ['p\u00ADorn', 'porn'], // soft hyphen
  ['p\u2060orn', 'porn'], // word joiner
  ['p\uFEFForn', 'porn'], // BOM inside the word
  ['p\u043Ern deals', 'porn'], // Cyrillic о
  ['\u0440orn', 'porn'], // Cyrillic р
  ['p*rn tonight', 'porn'], // mask
  ['f**k you', 'fuck'],
  ['ｐｏｒｎ', 'porn'], // fullwidth
  ['p\u0336o\u0336r\u0336n\u0336', 'porn'], // combining strike-through
  ['p-o-r-n', 'porn'], ['p.o.r.n', 'porn'], ['p_o_r_n', 'porn'], ['p o r n', 'porn'], ['po.rn', 'porn'], ['p-orn', 'porn'],
  ['sh1t', 'shit'], ['$exy', 'sexy'], ['s3x', 'sex'],
  // Turkish dotted and dotless i, upper and lower case
  ['SİKTİR git', 'siktir'], ['sıkış', 'sikis'], ['SIKTIR', 'siktir'], ['ŞEREFSİZ', 'serefsiz'], ['şerefsız', 'serefsiz'],
  ['Tebrikler, piyango kazandınız!', 'piyango kazandiniz'], ['PİYANGO KAZANDINIZ', 'piyango kazandiniz'],
  // Urdu script, with a zero-width non-joiner, with diacritics, and Arabic yeh/kaf for Urdu's
  ['یہ حرامی ہے', 'حرامی'], ['حرا\u200Cمی', 'حرامی'], ['حَرامی', 'حرامی'], ['حرامي', 'حرامی'], ['کمینہ', 'کمینہ'], ['كمینہ', 'کمینہ'],
];

const CLEAN = [
  'Sussex essentials and cocktail glasses', 'You got 20% off!', 'Dear Amina, your order shipped', 'Class of 2026 sale',
  'Grapes and rapeseed oil', 'Assessment week', 'Scunthorpe United kits', 'Call 0300 1234567 for a free demo',
  'Eid Mubarak! Visit our store in Lahore', 'Yeni sezon indirimi başladı', 'İstanbul’da yeni mağaza açıldı', 'Işıklı ayakkabı kampanyası',
  'عید مبارک، نئی سیل شروع', 'Sale ends 31.12 — 50% off *all* shoes', 'Call now: 0300-1234567',
];

describe('security: banned words on the normalised text (issue 17 item 2)', () => {
  it('catches every disguise of the corpus', () => {
    for (const [text, word] of BYPASS_CORPUS) expect(checkBannedContent(text), JSON.stringify(text)).to.deep.equal({ word });
  });

  it('does not read "m" as "rn": "pom", "warm", "modern" are not banned words (the symmetric confusables fold made them so)', () => {
    for (const text of ['Fresh pom juice', 'POM and pomegranate', 'warm welcome', 'Modern corner store', 'Perfume sale: 20% off']) {
      expect(checkBannedContent(text), text).to.equal(null);
    }
    expect(normalise('pom')).to.not.equal(normalise('porn'));
    expect(normalise('warm')).to.equal('warm');
    expect(normalise('\u217Fenu')).to.equal('menu'); // ⅿ, small roman numeral one thousand, still folds: to m
    expect(checkBannedContent('p\u043Ern')).to.deep.equal({ word: 'porn' }); // look-alikes from other scripts still fold
  });

  it('leaves ordinary shop messages in English, Turkish and Urdu alone', () => {
    for (const text of CLEAN) expect(checkBannedContent(text), text).to.equal(null);
  });

  it('normalise() is one form for look-alikes, Turkish i and invisible characters', () => {
    expect(normalise('e\u0456d')).to.equal(normalise('eid')); // Ukrainian і
    expect(normalise('\u0435id')).to.equal('eid'); // Cyrillic е
    expect(normalise('İSTANBUL')).to.equal(normalise('istanbul'));
    expect(normalise('ISIK')).to.equal(normalise('ışık'));
    expect(normalise('e\u200Bi\u00ADd')).to.equal('eid');
    expect(normalise('  Eid   Sale ')).to.equal('eid sale');
    expect(normalise('Ｅｉｄ')).to.equal('eid');
  });
});

describe('security: the disguised campaigns of the issue are refused at launch', () => {
  const t = useTestDb();
  let ctx: Ctx;
  before(() => { ctx = testCtx(t.db); });

  for (const body of ['Hot p\u200Born offers', 'Best p\u043Ern offers', 'Cheap p*rn here', 'Watch p\u00ADorn', 'p\u200Dorn videos']) {
    it(`refuses ${JSON.stringify(body)}`, async () => {
      const acc = await makeAccount(t.db, { credits: 5000 });
      const list = await createList(ctx, acc.accountId, 'eid');
      await fillList(t.db, list.id, 1000);
      await makeSender(t.db, acc.accountId);
      const draft = await createCampaign(ctx, acc.accountId, { name: 'c', listName: 'eid', body });
      expect(draft.warnings.map((w) => render('en', w)).join(' ')).to.contain('banned word "porn"');
      const d = await prepareDemo(ctx, acc.accountId, 'c', '0300 9999999');
      await markDemoSent(ctx, d.campaignId, d.bodyHash);
      const err = await launchCampaign(ctx, acc.accountId, 'c', SYSTEM).catch((e) => e);
      expect(err).to.be.instanceOf(LaunchRefusedError);
      expect(err.code).to.equal('campaign.launch.banned_content');
      expect(await t.db.one('SELECT 1 FROM outbox WHERE campaign_id = $1', [d.campaignId])).to.equal(undefined);
    });
  }
});

describe('security: look-alike names cannot coexist (issue 17 item 9)', () => {
  const t = useTestDb();
  let ctx: Ctx;
  before(() => { ctx = testCtx(t.db); });

  it('a list "eid" and a Cyrillic "еid" (or "EİD", "e\u200Bid") are the same name; lookups find it by any of them', async () => {
    const acc = await makeAccount(t.db);
    const list = await createList(ctx, acc.accountId, 'eid');
    for (const lookalike of ['\u0435id', 'EİD', 'e\u200Bid', 'ＥＩＤ']) {
      const err = await createList(ctx, acc.accountId, lookalike).catch((e) => e);
      expect(err?.name, lookalike).to.equal('ListExistsError');
      expect((await getListByName(ctx, acc.accountId, lookalike)).id).to.equal(list.id);
    }
    expect((await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM contact_lists WHERE account_id = $1', [acc.accountId]))!.n).to.equal(1);
  });

  it('the same for campaign names', async () => {
    const acc = await makeAccount(t.db);
    await createList(ctx, acc.accountId, 'vip');
    await createCampaign(ctx, acc.accountId, { name: 'eid', listName: 'vip', body: 'Hi' });
    const err = await createCampaign(ctx, acc.accountId, { name: '\u0435id', listName: 'vip', body: 'Hi' }).catch((e) => e);
    expect(err?.name).to.equal('CampaignExistsError');
  });
});
