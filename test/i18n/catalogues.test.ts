// Every language has every key of the English catalogue, with the same {placeholders}:
// a gap would show an owner English (or a raw "{name}") in the middle of their language.
import { expect } from 'chai';
import { en } from '../../src/i18n/catalogues/en.js';
import { CATALOGUES, LANGS } from '../../src/i18n/lang.js';
import { t } from '../../src/i18n/t.js';

const placeholders = (s: string) => [...new Set(s.match(/\{\w+\}/g) ?? [])].sort();

describe('message catalogues', () => {
  for (const lang of LANGS) {
    const cat = CATALOGUES[lang] as Record<string, string>;
    it(`${lang} has every English key, no other, with the same placeholders`, () => {
      const missing = Object.keys(en).filter((k) => !(k in cat));
      const extra = Object.keys(cat).filter((k) => !(k in en));
      const empty = Object.keys(cat).filter((k) => !cat[k]!.trim());
      const differing = Object.keys(en).filter((k) => k in cat && placeholders(en[k as keyof typeof en]).join() !== placeholders(cat[k]!).join())
        .map((k) => `${k}: ${placeholders(en[k as keyof typeof en])} vs ${placeholders(cat[k]!)}`);
      expect({ missing, extra, empty, differing }).to.deep.equal({ missing: [], extra: [], empty: [], differing: [] });
    });
  }

  it('renders numbers with grouping and nested messages in the same language', () => {
    expect(t('en', 'credits.insufficient', { needed: 12000, available: 5 })).to.equal('Not enough credits: 12,000 needed, 5 available.');
    expect(t('tr', 'router.bad_phone', { value: 'abc', reason: { key: 'reason.phone.not_a_phone' } })).to.equal('"abc" bir cep telefonu numarası değil (telefon değil).');
    expect(t('ur', 'cmd.campaigns.line', { name: 'eid', status: { key: 'status.campaign.demo_sent' }, list: 'vip', recipients: 3 }))
      .to.equal('• eid (demo bhej diya, abhi launch nahi hui) — list vip, 3 recipients');
  });
});
