import { expect } from 'chai';
import { smsEncoding, smsParts, splitSms } from '../../src/channels/sms-parts.js';
import { useTestDb } from '../helpers/pg.js';

describe('SMS parts (billing units and concatenation)', () => {
  const t = useTestDb();
  const samples = [
    '', 'Eid Mubarak!', 'a'.repeat(160), 'a'.repeat(161), 'a'.repeat(306), 'a'.repeat(307),
    '{'.repeat(80), '{'.repeat(81), 'Yeni sezon indirimi başladı', 'ş'.repeat(70), 'ş'.repeat(71), 'ş'.repeat(134), 'ş'.repeat(135),
    'عید مبارک، نئی سیل شروع', 'Sale 🎉'.repeat(12), '€ price [10] ~ off',
  ];

  it('counts GSM text in 160 / 153 septets, extension characters as two, and other text as UCS-2 in 70 / 67', () => {
    expect(smsParts('a'.repeat(160))).to.equal(1);
    expect(smsParts('a'.repeat(161))).to.equal(2);
    expect(smsParts('{'.repeat(81))).to.equal(2);
    expect(smsEncoding('Yeni sezon indirimi başladı')).to.equal('ucs2'); // ş is not GSM
    expect(smsParts('ş'.repeat(71))).to.equal(2);
    expect(smsParts('ş'.repeat(135))).to.equal(3);
  });

  it('splits into the parts it bills, never between an escape or a surrogate pair', () => {
    for (const s of samples) {
      const { parts } = splitSms(s);
      expect(parts.length || 1, s).to.equal(smsParts(s));
      expect(parts.join(''), s).to.equal(s);
    }
    const emoji = splitSms('🎉'.repeat(40)).parts;
    for (const p of emoji) expect(p.length % 2).to.equal(0);
  });

  it('the SQL function launch reserves with agrees with the TypeScript rule', async () => {
    for (const s of samples) {
      const row = await t.db.one<{ n: number }>('SELECT sms_parts($1) AS n', [s]);
      expect(row!.n, JSON.stringify(s.slice(0, 20))).to.equal(smsParts(s));
    }
  });
});
