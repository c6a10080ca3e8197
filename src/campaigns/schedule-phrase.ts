// A launch time in an owner's message ("tomorrow 9am", "cuma 10:00'da", "jumma ko 10 baje",
// "25.12 21:00"), resolved in the account's time zone. English goes through chrono-node (en-GB:
// day before month); Turkish and Roman Urdu forms, and the language-neutral "25.12 21:00", through
// the small reader below, which does the same date arithmetic with luxon. When both read
// something, the reading that covers more of the message wins.
//
// Rules a person expects, in every language:
// - a time alone is its next occurrence ("at 10am" said at 14:00 is tomorrow);
// - a weekday is its next occurrence, today only while the time is still ahead;
// - a date without a year is this year's, or next year's once it has passed;
// - a bare hour from 1 to 7 with no am/pm, minutes or part of day is an afternoon hour
//   ("aaj 6 baje" is 18:00: nobody starts a campaign at 6 in the morning by default);
// - a day without any time ("launch eid tomorrow") is no schedule: `incomplete` asks for the time.
// chrono-node (~270 modules) is required when a phrase is first read, not at every start.
import { createRequire } from 'node:module';
const requireCjs = createRequire(import.meta.url);
let chronoLib: typeof import('chrono-node') | undefined;
const chrono = () => (chronoLib ??= requireCjs('chrono-node') as typeof import('chrono-node'));
import { DateTime } from 'luxon';
import { foldLetters, lowerText } from '../understanding/normalise-text.js';

export interface ScheduleTime {
  at: Date;
  /** The message without the words that made the time (and a connector such as "at"/"for" before them). */
  rest: string;
}

export interface IncompleteSchedule {
  incomplete: true;
  rest: string;
}

interface Reading { at?: Date; start: number; end: number; chars: number }

const WEEKDAYS: Record<string, number> = {
  // luxon: Monday 1 … Sunday 7
  monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3, thursday: 4, thu: 4, thurs: 4, friday: 5, fri: 5, saturday: 6, sat: 6, sunday: 7, sun: 7,
  pazartesi: 1, sali: 2, carsamba: 3, persembe: 4, cuma: 5, cumartesi: 6, pazar: 7,
  peer: 1, pir: 1, somvar: 1, mangal: 2, budh: 3, jumeraat: 4, jumerat: 4, jumairat: 4, jumma: 5, juma: 5, jummah: 5, jumah: 5, jummay: 5, jumme: 5, jumay: 5,
  hafta: 6, hafte: 6, haftay: 6, sanichar: 6, itwar: 7, itwaar: 7, itvar: 7, etwar: 7,
};
/** Roman Urdu day names are also ordinary words and campaign names ("jumma"): a day only before "ko" or a time. */
const UR_WEEKDAYS = new Set(['peer', 'pir', 'somvar', 'mangal', 'budh', 'jumeraat', 'jumerat', 'jumairat', 'jumma', 'juma', 'jummah', 'jumah', 'jummay', 'jumme', 'jumay', 'hafta', 'hafte', 'haftay', 'sanichar', 'itwar', 'itwaar', 'itvar', 'etwar']);
const MONTHS: Record<string, number> = {
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6, july: 7, jul: 7, august: 8, aug: 8,
  september: 9, sep: 9, sept: 9, october: 10, oct: 10, november: 11, nov: 11, december: 12, dec: 12,
  ocak: 1, subat: 2, mart: 3, nisan: 4, mayis: 5, haziran: 6, temmuz: 7, agustos: 8, eylul: 9, ekim: 10, kasim: 11, aralik: 12,
};
const DAY_OFFSET: Record<string, number> = {
  today: 0, bugun: 0, aaj: 0, aj: 0, tomorrow: 1, tmrw: 1, tmr: 1, tomorow: 1, yarin: 1, kal: 1, parson: 2, parso: 2,
};
type Part = 'morning' | 'noon' | 'afternoon' | 'evening' | 'night';
const PARTS: Record<string, Part> = {
  sabah: 'morning', subah: 'morning', subha: 'morning', subuh: 'morning', morning: 'morning',
  oglen: 'noon', ogle: 'noon', noon: 'noon', dopahar: 'afternoon', dopehar: 'afternoon', dophar: 'afternoon', afternoon: 'afternoon',
  aksam: 'evening', shaam: 'evening', sham: 'evening', evening: 'evening', gece: 'night', raat: 'night', rat: 'night', night: 'night', tonight: 'night',
};
const NEXT = new Set(['haftaya', 'agle', 'agla', 'aglay', 'agli', 'next']);
const THIS = new Set(['bu', 'is', 'this']);
const FILLERS = new Set(['ko', 'saat', 'gunu', 'da', 'de', 'te', 'ta', 'par', 'pe', 'at', 'on']);
const HOUR_WORDS = new Set(['baje', 'bje', 'bajay', 'bajey', 'bajy', 'bajai']);
const UNIT: Record<string, 'hours' | 'minutes' | 'days'> = {
  saat: 'hours', ghante: 'hours', ghanta: 'hours', ghantay: 'hours', ghantey: 'hours', dakika: 'minutes', minute: 'minutes', minat: 'minutes', mint: 'minutes',
  gun: 'days', din: 'days',
};
const AFTER = new Set(['sonra', 'baad', 'bad']);
/** A Turkish case suffix on a time or date: 10'da, 21:00'de, 14:00te, 3'te. */
const SUFFIX = "(?:'?(?:da|de|ta|te|dan|den|tan|ten|ya|ye|a|e))?";
const CLOCK = new RegExp(`^(\\d{1,2})[:.](\\d{2})${SUFFIX}$`);
const HOUR_SUFFIXED = /^(\d{1,2})'(?:da|de|ta|te)$/;
const DATE = new RegExp(`^(\\d{1,2})[./](\\d{1,2})(?:[./](\\d{2}|\\d{4}))?${SUFFIX}$`);

interface Token { raw: string; w: string; start: number; end: number }

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    const w = foldLetters(lowerText(m[0]).replace(/[’‘`´ʼ]/g, "'")).replace(/[,!?]+$/, '');
    out.push({ raw: m[0], w, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Turkish/Urdu (and neutral dd.mm) reader: the longest run of time words it can make sense of. */
function readLocal(text: string, now: DateTime): Reading | undefined {
  const ts = tokens(text);
  let best: Reading | undefined;
  for (let i = 0; i < ts.length; i++) {
    const r = readRunAt(ts, i, now);
    if (r && (!best || r.chars > best.chars)) best = r;
  }
  return best;
}

function readRunAt(ts: Token[], from: number, now: DateTime): Reading | undefined {
  let dayOffset: number | undefined;
  let weekday: number | undefined;
  let nextWeek = false;
  let date: { d: number; m: number; y?: number } | undefined;
  let hour: number | undefined;
  let minute = 0;
  let explicitMinutes = false;
  let part: Part | undefined;
  let relative: { n: number; unit: 'hours' | 'minutes' | 'days' } | undefined;
  let i = from;
  let last = -1;
  let meaningful = 0;
  const take = (n: number) => { last = i + n - 1; i += n; meaningful++; };
  while (i < ts.length) {
    const w = ts[i]!.w;
    const next = ts[i + 1]?.w;
    const bare = w.replace(/'.*$/, '');
    let m: RegExpExecArray | null;
    if (/^\d{1,3}$/.test(w) && next && UNIT[next] && next !== undefined && AFTER.has(ts[i + 2]?.w ?? '')) {
      if (relative) break;
      relative = { n: Number(w), unit: UNIT[next]! };
      take(3);
      continue;
    }
    // "25.12", "1/1", "31.12.2026": a date when the second number is a month ("21.00", "10.30" are clocks).
    if ((m = DATE.exec(w)) && Number(m[2]) >= 1 && Number(m[2]) <= 12 && !(w.includes('.') && /^\d{1,2}\.\d{2}/.test(w) && Number(m[2]) === 0)) {
      const d = Number(m[1]), mo = Number(m[2]);
      if (date || d < 1 || d > 31) break;
      date = { d, m: mo, y: m[3] ? Number(m[3].length === 2 ? `20${m[3]}` : m[3]) : undefined };
      take(1);
      continue;
    }
    if (/^\d{1,2}$/.test(w) && next && MONTHS[next.replace(/'.*$/, '')]) {
      if (date) break;
      date = { d: Number(w), m: MONTHS[next.replace(/'.*$/, '')]! };
      take(2);
      continue;
    }
    if ((m = CLOCK.exec(w))) {
      const h = Number(m[1]), mi = Number(m[2]);
      if (hour !== undefined || h > 23 || mi > 59) break;
      hour = h; minute = mi; explicitMinutes = true;
      take(HOUR_WORDS.has(next ?? '') ? 2 : 1);
      continue;
    }
    if ((m = HOUR_SUFFIXED.exec(w)) || (/^\d{1,2}$/.test(w) && (HOUR_WORDS.has(next ?? '') || (part !== undefined && last === i - 1) || ts[i - 1]?.w === 'saat'))) {
      const h = Number((m ?? [w, w])[1]);
      if (hour !== undefined || h > 23) break;
      hour = h;
      take(HOUR_WORDS.has(next ?? '') ? 2 : 1);
      continue;
    }
    if (DAY_OFFSET[bare] !== undefined) {
      if (dayOffset !== undefined || weekday !== undefined || date) break;
      dayOffset = DAY_OFFSET[bare]!;
      take(1);
      continue;
    }
    if (w === 'yarindan' && next === 'sonra') {
      if (dayOffset !== undefined) break;
      dayOffset = 2;
      take(2);
      continue;
    }
    if (WEEKDAYS[bare] !== undefined && !/^(?:mon|tue|tues|wed|thu|thurs|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/.test(bare)) {
      if (weekday !== undefined || dayOffset !== undefined || date) break;
      // An Urdu day name is a day only when "ko" or a time follows.
      if (UR_WEEKDAYS.has(bare) && !(next === 'ko' || (next !== undefined && (PARTS[next] || /^\d/.test(next))))) break;
      weekday = WEEKDAYS[bare]!;
      take(next === 'gunu' ? 2 : 1);
      continue;
    }
    if (w === 'ogleden' && next === 'sonra') { if (part) break; part = 'afternoon'; take(2); continue; }
    if (PARTS[bare]) {
      if (part) break;
      part = PARTS[bare]!;
      take(1);
      continue;
    }
    if ((NEXT.has(w) || THIS.has(w)) && next && WEEKDAYS[next.replace(/'.*$/, '')] !== undefined) {
      if (weekday !== undefined) break;
      nextWeek = NEXT.has(w);
      weekday = WEEKDAYS[next.replace(/'.*$/, '')]!;
      take(ts[i + 2]?.w === 'gunu' ? 3 : 2);
      continue;
    }
    // "saat 21:00'de": the word "saat" (o'clock) opens the time it stands before.
    if (w === 'saat' && i === from && next !== undefined && /^\d/.test(next)) { last = i; i++; continue; }
    // Connectors inside the run ("jumma ko 10 baje", "yarın saat 10'da", "10:00 da") are part of it;
    // at its edges they are not, except a trailing separated suffix or "par".
    if (FILLERS.has(w) && last === i - 1 && meaningful > 0) { i++; continue; }
    break;
  }
  if (!meaningful) return undefined;
  // Drop trailing connectors that belong to the rest of the sentence, keep "ko", "da", "par" that close the time.
  let end = last;
  while (end >= from && ['at', 'on', 'saat'].includes(ts[end]!.w)) end--;
  if (end < from) return undefined;
  // A fillers-after-time such as "10:00 da", "21:00 par": taken with the time.
  let j = end + 1;
  while (j < ts.length && ['ko', 'da', 'de', 'te', 'ta', 'par', 'pe'].includes(ts[j]!.w)) { end = j; j++; }
  // A run must say something about time, not just one weekday-like or number-like word on its own.
  const hasTime = hour !== undefined || part !== undefined || relative !== undefined;
  const hasDay = dayOffset !== undefined || weekday !== undefined || date !== undefined;
  if (!hasTime && !hasDay) return undefined;
  const chars = ts[end]!.end - ts[from]!.start;
  const span = { start: ts[from]!.start, end: ts[end]!.end, chars };
  if (relative && relative.unit !== 'days') return { ...span, at: now.plus({ [relative.unit]: relative.n }).toJSDate() };
  if (!hasTime) return span; // a day and no time: incomplete
  if (relative) dayOffset = relative.n;
  if (hour === undefined) hour = part === 'noon' ? 12 : part === 'morning' ? 9 : part === 'afternoon' ? 14 : part === 'evening' ? 19 : 21;
  else if ((part === 'afternoon' || part === 'evening' || part === 'night') && hour < 12) hour += 12;
  else if (part === undefined && !explicitMinutes && hour >= 1 && hour <= 7) hour += 12;
  if (hour === 24) hour = 0;
  return { ...span, at: resolveDay(now, { dayOffset, weekday, nextWeek, date }, hour, minute) };
}

function resolveDay(now: DateTime, day: { dayOffset?: number; weekday?: number; nextWeek?: boolean; date?: { d: number; m: number; y?: number } }, hour: number, minute: number): Date {
  const at = (d: DateTime) => d.set({ hour, minute, second: 0, millisecond: 0 });
  if (day.date) {
    let d = at(now.set({ month: day.date.m, day: day.date.d, ...(day.date.y ? { year: day.date.y } : {}) }));
    if (!day.date.y && d <= now) d = d.plus({ years: 1 });
    return d.toJSDate();
  }
  if (day.dayOffset !== undefined) return at(now.plus({ days: day.dayOffset })).toJSDate();
  if (day.weekday !== undefined) {
    let ahead = (day.weekday - now.weekday + 7) % 7;
    let d = at(now.plus({ days: ahead }));
    if (d <= now) { ahead += 7; d = at(now.plus({ days: ahead })); }
    return d.toJSDate();
  }
  let d = at(now);
  if (d <= now) d = at(now.plus({ days: 1 }));
  return d.toJSDate();
}

/** English through chrono-node, read on the account's wall clock. */
function readEnglish(text: string, now: DateTime): Reading | undefined {
  // chrono reads wall-clock components at a fixed offset; luxon places them in the zone (DST-safe).
  const results = chrono().en.GB.parse(text, { instant: now.toJSDate(), timezone: now.offset }, { forwardDate: true });
  let best: Reading | undefined;
  for (const r of results) {
    // "now" is no schedule: "launch eid now" launches now.
    if (/^(?:right\s+)?now$/i.test(r.text.trim())) continue;
    const s = r.start;
    const relative = /^\s*in\s/i.test(r.text) || /\b(?:later|from now)\b/i.test(r.text);
    let at: Date | undefined;
    if (relative) at = s.date();
    else if (s.isCertain('hour')) {
      let hour = s.get('hour')!;
      if (!s.isCertain('meridiem') && hour >= 1 && hour <= 7 && !/[:.]\d{2}|\b(?:morning|am|a\.m\.)\b/i.test(r.text)) hour += 12;
      let d = DateTime.fromObject({ year: s.get('year')!, month: s.get('month')!, day: s.get('day')!, hour, minute: s.get('minute') ?? 0 }, { zone: now.zone });
      if (d <= now && !s.isCertain('day') && !s.isCertain('weekday')) d = d.plus({ days: 1 });
      at = d.toJSDate();
    }
    const start = r.index;
    const end = r.index + r.text.trimEnd().length;
    const reading = { at, start, end, chars: end - start };
    if (!best || reading.chars > best.chars) best = reading;
  }
  return best;
}

function restOf(text: string, r: Reading): string {
  const before = text.slice(0, r.start).replace(/\s+(?:at|on|for)\s*$/i, ' ');
  return `${before} ${text.slice(r.end)}`.replace(/\s+/g, ' ').trim();
}

/**
 * The launch time a message names, in `zone` (IANA), or an incomplete one (a day without a
 * time), or undefined when the message names no time at all.
 */
export function findScheduleTime(text: string, now: Date, zone: string): ScheduleTime | undefined {
  const r = findSchedule(text, now, zone);
  return r && 'at' in r ? r : undefined;
}

export function findSchedule(text: string, now: Date, zone: string): ScheduleTime | IncompleteSchedule | undefined {
  // Texting shorthand chrono does not know.
  text = text.replace(/\b(?:tmrw|tmr|tomorow|tmorrow)\b/gi, 'tomorrow')
    // "dec 25": en-GB chrono reads the number as a year; owners mean the day.
    .replace(/\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)([a-z]*)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?![:.]\d)(?!\s*(?:am|pm)\b)/gi, '$3 $1$2');
  const local = DateTime.fromJSDate(now, { zone });
  const a = readLocal(text, local);
  const b = readEnglish(text, local);
  const r = a && b ? (b.chars > a.chars ? b : a) : a ?? b;
  if (!r) return undefined;
  if (!r.at) return { incomplete: true, rest: restOf(text, r) };
  return { at: r.at, rest: restOf(text, r) };
}

export interface WindowPhrase { startMinute: number; endMinute: number; rest: string }

const T = "(\\d{1,2})(?:[:.](\\d{2}))?\\s*(am|pm)?(?:'?(?:da|de|ta|te|dan|den|tan|ten|a|e|ya|ye))?";
// "only between 10:00 and 20:00", "only from 10am to 8pm", "sadece 10:00 ile 20:00 arası",
// "yalnızca 10-20 arasında", "sirf 10 se 8 baje tak", "sirf 10:00 se 20:00 ke darmiyan".
const WINDOW_PATTERNS = [
  new RegExp(`\\b(?:only\\s+)?(?:between|from)\\s+${T}\\s*(?:and|to|till|until|-|–)\\s*${T}(?:\\s+only)?`, 'i'),
  new RegExp(`(?:sadece|yalnızca|yalnizca|sadece saat)\\s+${T}\\s*(?:ile|ve|-|–)\\s*${T}\\s*(?:saatleri\\s+)?(?:arası|arasi|arasında|arasinda)`, 'i'),
  new RegExp(`(?:sirf|sirif|srf)\\s+${T}\\s*(?:baje\\s+)?(?:se|sy|-)\\s*${T}\\s*(?:baje|bje)?\\s*(?:tak|tk|ke darmiyan|ke beech|ke bech)`, 'i'),
];

function minuteOf(h: string, m: string | undefined, ampm: string | undefined): number | undefined {
  let hour = Number(h);
  const minute = m ? Number(m) : 0;
  if (ampm) { hour %= 12; if (ampm.toLowerCase() === 'pm') hour += 12; }
  if (hour > 24 || minute > 59) return undefined;
  return (hour % 24) * 60 + minute;
}

/** A per-campaign sending window in a message, or undefined. "10 se 8 baje tak" is 10:00–20:00. */
export function findSendingWindow(text: string): WindowPhrase | undefined {
  for (const re of WINDOW_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const start = minuteOf(m[1]!, m[2], m[3]);
    let end = minuteOf(m[4]!, m[5], m[6]);
    if (start === undefined || end === undefined) continue;
    // A bare end hour before the start ("10 to 8") means the afternoon.
    if (end <= start && !m[6] && !m[5] && Number(m[4]) < 12 && end + 720 > start) end += 720;
    if (start === end) continue;
    const rest = `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}`.replace(/\s+/g, ' ').replace(/\s*,\s*$/, '').trim();
    return { startMinute: start, endMinute: end, rest };
  }
  return undefined;
}
