// How an SMS text travels: GSM 03.38 (7-bit, 160 septets in one part, 153 per part when
// concatenated; extension characters take two) or UCS-2 for anything else (Urdu, most
// emoji; 70 UTF-16 units in one part, 67 per part). The SQL function sms_parts (migration
// 0450) is the same rule, used by launch to reserve credits; a test keeps the two equal.

export const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
export const GSM_EXTENDED = '^{}\\[~]|€\f';
const BASIC = new Set(GSM_BASIC);
const EXTENDED = new Set(GSM_EXTENDED);

export type SmsEncoding = 'gsm7' | 'ucs2';

export function smsEncoding(text: string): SmsEncoding {
  for (const ch of text) if (!BASIC.has(ch) && !EXTENDED.has(ch)) return 'ucs2';
  return 'gsm7';
}

/** The text in parts as they are sent: each part fits one PDU with a concatenation UDH. */
export function splitSms(text: string): { encoding: SmsEncoding; parts: string[] } {
  const encoding = smsEncoding(text);
  const cost = (ch: string) => (encoding === 'gsm7' ? (EXTENDED.has(ch) ? 2 : 1) : ch.length);
  let total = 0;
  for (const ch of text) total += cost(ch);
  const single = encoding === 'gsm7' ? 160 : 70;
  if (total <= single) return { encoding, parts: [text] };
  const per = encoding === 'gsm7' ? 153 : 67;
  const parts: string[] = [];
  let cur = '';
  let used = 0;
  for (const ch of text) { // never splits an escape pair or a surrogate pair
    const c = cost(ch);
    if (used + c > per) { parts.push(cur); cur = ''; used = 0; }
    cur += ch;
    used += c;
  }
  if (cur) parts.push(cur);
  return { encoding, parts };
}

/** How many parts (billing units) the text takes; at least 1. */
export function smsParts(text: string): number {
  const encoding = smsEncoding(text);
  let units = 0;
  for (const ch of text) units += encoding === 'gsm7' ? (EXTENDED.has(ch) ? 2 : 1) : ch.length;
  if (encoding === 'gsm7') return units <= 160 ? 1 : Math.ceil(units / 153);
  return units <= 70 ? 1 : Math.ceil(units / 67);
}
