// Phone numbers: the one place a number is judged and normalised to E.164.
import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';

export type PhoneRejection = 'invalid' | 'landline' | 'too_short' | 'too_long' | 'not_a_phone' | 'excel_rounded';

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: PhoneRejection };

const MOBILE_OK = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE', undefined]);

/**
 * Normalises one written number under a default country. Accepts spaces, dashes, dots,
 * parentheses, a leading 00 or +, and the national trunk prefix (0300… in PK).
 * Rejects fixed lines: they cannot receive WhatsApp messages and must never cost a credit.
 */
export function normalisePhone(raw: string, country: string): PhoneResult {
  let input = raw.trim();
  // A number column saved to CSV by Excel in scientific notation ("9.23001E+11"): written
  // out when every digit is still there, refused with its own reason when Excel rounded it.
  const sci = /^\+?(\d)(?:[.,](\d*))?E\+?(\d{1,2})$/i.exec(input);
  if (sci) {
    const digits = sci[1]! + (sci[2] ?? '');
    const exp = Number(sci[3]);
    if (digits.length - 1 < exp) return { ok: false, reason: 'excel_rounded' };
    if (digits.length - 1 > exp) return { ok: false, reason: 'invalid' };
    input = digits + '0'.repeat(exp - (digits.length - 1));
  }
  if (!/\d/.test(input) || /[a-z]{3,}/i.test(input.replace(/^(tel|phone|mobile|cell)\s*[:=]?/i, ''))) {
    return { ok: false, reason: 'not_a_phone' };
  }
  const cleaned = input.replace(/^00/, '+').replace(/[\s\-().\u00a0/]/g, '');
  if (!/^\+?\d+$/.test(cleaned)) return { ok: false, reason: 'not_a_phone' };
  const cc = country as CountryCode;
  const candidates = cleaned.startsWith('+') ? [cleaned] : [cleaned, '+' + cleaned];
  let lengthIssue: PhoneRejection | undefined;
  for (const candidate of candidates) {
    const parsed = candidate.startsWith('+') ? parsePhoneNumberFromString(candidate) : parsePhoneNumberFromString(candidate, cc);
    // With the max metadata a number is valid exactly when it has a type (isValid() is
    // getType() !== undefined), so one type lookup does both: half the cost per number.
    const type = parsed?.getType();
    if (parsed && type !== undefined) {
      // A bare "92300…" parses under PK as a national number only if that is valid; the
      // international reading is tried second, so "92300…" → +92 300 ….
      if (!MOBILE_OK.has(type)) return { ok: false, reason: 'landline' };
      return { ok: true, e164: parsed.number };
    }
    const len = candidate.startsWith('+') ? validatePhoneNumberLength(candidate) : validatePhoneNumberLength(candidate, cc);
    if (len === 'TOO_SHORT' && !lengthIssue) lengthIssue = 'too_short';
    if (len === 'TOO_LONG' && !lengthIssue) lengthIssue = 'too_long';
  }
  const digits = cleaned.replace(/\D/g, '').length;
  if (digits < 7) return { ok: false, reason: 'too_short' };
  if (digits > 15) return { ok: false, reason: 'too_long' };
  return { ok: false, reason: lengthIssue ?? 'invalid' };
}

/** For commands and CLI flags that must be a full international number. */
export function requireE164(raw: string, country = 'PK'): string {
  const r = normalisePhone(raw, country);
  if (!r.ok) throw new RangeError(`"${raw}" is not a mobile phone number (${r.reason.replaceAll('_', ' ')})`);
  return r.e164;
}
