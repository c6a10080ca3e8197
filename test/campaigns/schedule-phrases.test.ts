// Thirty ways per language an owner texts a launch time, written as owners text them (not from
// the parser's grammar), each resolved to the local wall-clock time a person reading it would
// expect, in the account's time zone: Asia/Karachi and Europe/Istanbul (no DST) and
// America/New_York / Europe/London across a DST change (the instant is checked too).
// "Now" is Wednesday 2 December 2026, 14:00 local, unless a case says otherwise.
import { expect } from 'chai';
import { DateTime } from 'luxon';
import { findScheduleTime } from '../../src/campaigns/schedule-phrase.js';

interface Case { text: string; want: string; zone?: string; now?: string; utc?: string }

const NOW = '2026-12-02T14:00';

const en: Case[] = [
  { text: 'launch eid at 21:00', want: '2026-12-02T21:00' },
  { text: 'launch eid tomorrow 9am', want: '2026-12-03T09:00' },
  { text: 'launch eid friday 10:00', want: '2026-12-04T10:00' },
  { text: 'launch eid 25.12 21:00', want: '2026-12-25T21:00' },
  { text: 'launch eid tomorrow at 9', want: '2026-12-03T09:00' },
  { text: 'launch eid at 9pm', want: '2026-12-02T21:00' },
  { text: 'start eid on friday at 10am', want: '2026-12-04T10:00' },
  { text: 'launch eid next monday 11am', want: '2026-12-07T11:00' },
  { text: 'launch eid tonight at 9', want: '2026-12-02T21:00' },
  { text: 'launch eid at 10am', want: '2026-12-03T10:00' }, // 10 am today has passed
  { text: 'launch eid in 2 hours', want: '2026-12-02T16:00' },
  { text: 'launch eid dec 25 at 9pm', want: '2026-12-25T21:00' },
  { text: 'launch eid on 25 december 10:00', want: '2026-12-25T10:00' },
  { text: 'launch eid saturday 8:30pm', want: '2026-12-05T20:30' },
  { text: 'launch eid sunday 9 am', want: '2026-12-06T09:00' },
  { text: 'launch eid tmrw 9am', want: '2026-12-03T09:00' },
  { text: 'launch eid at 7:45 pm', want: '2026-12-02T19:45' },
  { text: 'schedule eid for friday 10am', want: '2026-12-04T10:00' },
  { text: 'launch eid thursday at noon', want: '2026-12-03T12:00' },
  { text: 'launch eid 31/12 23:30', want: '2026-12-31T23:30' },
  { text: 'launch eid at 18:00 today', want: '2026-12-02T18:00' },
  { text: 'launch eid tomorrow evening 7pm', want: '2026-12-03T19:00' },
  { text: 'launch eid on monday 9:15', want: '2026-12-07T09:15' },
  { text: 'launch eid 1.1 10:00', want: '2027-01-01T10:00' },
  { text: 'launch eid at 2pm tomorrow', want: '2026-12-03T14:00' },
  { text: 'go live with eid friday 6pm', want: '2026-12-04T18:00' },
  { text: 'launch eid 10 jan 9am', want: '2027-01-10T09:00' },
  { text: 'Launch Eid Tomorrow 21:00', want: '2026-12-03T21:00', zone: 'Europe/Istanbul' },
  // Spring forward: Sunday 8 March 2026, New York goes from EST (-5) to EDT (-4).
  { text: 'launch eid sunday 10am', want: '2026-03-08T10:00', zone: 'America/New_York', now: '2026-03-06T12:00', utc: '2026-03-08T14:00:00.000Z' },
  // Fall back: Sunday 25 October 2026, London goes from BST (+1) to GMT (0).
  { text: 'launch eid tomorrow 9am', want: '2026-10-25T09:00', zone: 'Europe/London', now: '2026-10-24T12:00', utc: '2026-10-25T09:00:00.000Z' },
];

const tr: Case[] = [
  { text: "eid'i cuma 10:00'da başlat", want: '2026-12-04T10:00' },
  { text: "eid'i yarın 9'da başlat", want: '2026-12-03T09:00' },
  { text: "eid'i yarın sabah 9'da başlat", want: '2026-12-03T09:00' },
  { text: "eid'i bugün 21:00'de başlat", want: '2026-12-02T21:00' },
  { text: "eid'i akşam 9'da başlat", want: '2026-12-02T21:00' },
  { text: "eid'i saat 21:00'de başlat", want: '2026-12-02T21:00' },
  { text: "eid'i pazartesi 10'da başlat", want: '2026-12-07T10:00' },
  { text: "eid'i 25.12 21:00'de başlat", want: '2026-12-25T21:00' },
  { text: "eid'i 25 aralık 21:00'de başlat", want: '2026-12-25T21:00' },
  { text: "eid'i öğleden sonra 3'te başlat", want: '2026-12-02T15:00' },
  { text: "eid'i gece 11'de başlat", want: '2026-12-02T23:00' },
  { text: "eid'i cumartesi 20:30'da başlat", want: '2026-12-05T20:30' },
  { text: "eid'i perşembe öğlen başlat", want: '2026-12-03T12:00' },
  { text: "eid'i 2 saat sonra başlat", want: '2026-12-02T16:00' },
  { text: "eid'i yarın akşam 7'de başlat", want: '2026-12-03T19:00' },
  { text: "eid'i pazar sabah 10'da başlat", want: '2026-12-06T10:00' },
  { text: "eid'i salı 09:30'da başlat", want: '2026-12-08T09:30' },
  { text: "eid'i çarşamba 11:00'de başlat", want: '2026-12-09T11:00' }, // today is Wednesday and 11:00 has passed
  { text: "eid'i yarin 10:00 da baslat", want: '2026-12-03T10:00' },
  { text: "eid'i cuma günü saat 10'da başlat", want: '2026-12-04T10:00' },
  { text: "eid'i 31.12 23:30'da başlat", want: '2026-12-31T23:30' },
  { text: "eid'i 1 ocak saat 10'da başlat", want: '2027-01-01T10:00' },
  { text: "eid'i yarından sonra 9'da başlat", want: '2026-12-04T09:00' },
  { text: "eid'i bu cuma 18:00'de başlat", want: '2026-12-04T18:00' },
  { text: 'eid kampanyasını yarın 14:00te başlat', want: '2026-12-03T14:00' },
  { text: "eid'i 18:00'de başlat", want: '2026-12-02T18:00' },
  { text: "eid'i sabah 8'de başlat", want: '2026-12-03T08:00' },
  { text: "eid'i haftaya pazartesi 10'da başlat", want: '2026-12-07T10:00' },
  { text: "eid'i 3 gün sonra 10:00'da başlat", want: '2026-12-05T10:00' },
  { text: "eid'i yarın 9'da başlat", want: '2026-10-25T09:00', zone: 'Europe/London', now: '2026-10-24T12:00', utc: '2026-10-25T09:00:00.000Z' },
];

const ur: Case[] = [
  { text: 'eid jumma ko 10 baje chalao', want: '2026-12-04T10:00' },
  { text: 'eid kal subah 9 baje chalao', want: '2026-12-03T09:00' },
  { text: 'eid aaj raat 9 baje chalao', want: '2026-12-02T21:00' },
  { text: 'eid kal 10 baje launch karo', want: '2026-12-03T10:00' },
  { text: 'eid 25.12 ko 21:00 baje chalao', want: '2026-12-25T21:00' },
  { text: 'eid shaam 7 baje chalao', want: '2026-12-02T19:00' },
  { text: 'eid peer ko 11 baje chalao', want: '2026-12-07T11:00' },
  { text: 'eid itwar ko subah 10 baje chalao', want: '2026-12-06T10:00' },
  { text: 'eid hafta ko raat 8:30 baje chalao', want: '2026-12-05T20:30' },
  { text: 'eid jumeraat ko dopahar 2 baje chalao', want: '2026-12-03T14:00' },
  { text: 'eid 2 ghante baad chalao', want: '2026-12-02T16:00' },
  { text: 'eid parson 10 baje chalao', want: '2026-12-04T10:00' },
  { text: 'eid mangal ko 9:30 baje chalao', want: '2026-12-08T09:30' },
  { text: 'eid budh ko 11 baje chalao', want: '2026-12-09T11:00' }, // today is Wednesday and 11 has passed
  { text: 'eid kal raat 10 baje chalao', want: '2026-12-03T22:00' },
  { text: 'eid 31.12 ko raat 11:30 baje chalao', want: '2026-12-31T23:30' },
  { text: 'eid aaj 6 baje chalao', want: '2026-12-02T18:00' },
  { text: 'eid juma ko 10 bje chalao', want: '2026-12-04T10:00' },
  { text: 'eid kal subha 9 bje launch karo', want: '2026-12-03T09:00' },
  { text: 'eid 25 december ko 9 baje chalao', want: '2026-12-25T09:00' },
  { text: 'eid jummay ko shaam 6 baje chalao', want: '2026-12-04T18:00' },
  { text: 'eid aaj 21:00 par chalao', want: '2026-12-02T21:00' },
  { text: 'eid kal 10:00 bajay chalao', want: '2026-12-03T10:00' },
  { text: 'eid 3 din baad 10 baje chalao', want: '2026-12-05T10:00' },
  { text: 'eid agle peer ko 10 baje chalao', want: '2026-12-07T10:00' },
  { text: 'eid kal dopahar 12 baje chalao', want: '2026-12-03T12:00' },
  { text: 'eid raat 11 baje chalao', want: '2026-12-02T23:00' },
  { text: 'eid 1.1 ko subah 10 baje chalao', want: '2027-01-01T10:00' },
  { text: 'eid kal subah 9 baje launch karo', want: '2026-03-08T09:00', zone: 'America/New_York', now: '2026-03-07T12:00', utc: '2026-03-08T13:00:00.000Z' },
  { text: 'eid jumma ko 10 baje chalao', want: '2026-12-04T10:00', zone: 'Europe/Istanbul', utc: '2026-12-04T07:00:00.000Z' },
];

function check(cases: Case[], defaultZone: string) {
  for (const c of cases) {
    const zone = c.zone ?? defaultZone;
    it(`${c.text}  →  ${c.want} ${zone}`, () => {
      const now = DateTime.fromISO(c.now ?? NOW, { zone }).toJSDate();
      const got = findScheduleTime(c.text, now, zone);
      expect(got, 'a time was found').to.not.equal(undefined);
      expect(DateTime.fromJSDate(got!.at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm")).to.equal(c.want);
      if (c.utc) expect(got!.at.toISOString()).to.equal(c.utc);
    });
  }
}

describe('schedule phrases resolve to the local time an owner means', () => {
  it('30 phrasings in each language', () => {
    expect([en.length, tr.length, ur.length]).to.deep.equal([30, 30, 30]);
  });
  describe('English (Asia/Karachi)', () => check(en, 'Asia/Karachi'));
  describe('Turkish (Europe/Istanbul)', () => check(tr, 'Europe/Istanbul'));
  describe('Roman Urdu (Asia/Karachi)', () => check(ur, 'Asia/Karachi'));

  it('finds no time in launch messages without one, or in numbers that are no time', () => {
    const now = DateTime.fromISO(NOW, { zone: 'Asia/Karachi' }).toJSDate();
    for (const text of ['launch eid', 'launch eid2024', 'eid chalao', "eid'i başlat", 'launch promo 50', 'launch sale10', 'eid dobara chalao', 'launch new year']) {
      expect(findScheduleTime(text, now, 'Asia/Karachi'), text).to.equal(undefined);
    }
  });

  it('reports the words that made the time, so the rest is the campaign name', () => {
    const now = DateTime.fromISO(NOW, { zone: 'Asia/Karachi' }).toJSDate();
    expect(findScheduleTime('launch jumma tomorrow at 9am', now, 'Asia/Karachi')!.rest).to.equal('launch jumma');
    expect(findScheduleTime('eid jumma ko 10 baje chalao', now, 'Asia/Karachi')!.rest).to.equal('eid chalao');
    expect(findScheduleTime("eid'i cuma 10:00'da başlat", now, 'Europe/Istanbul')!.rest).to.equal("eid'i başlat");
  });
});
