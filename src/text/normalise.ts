// The one normaliser of free text for comparison: banned-word matching, and the keys that
// make list, campaign and account names unique and findable. Two texts a reader cannot tell
// apart get the same form: "p\u200Born", "p\u043Ern" (Cyrillic о), "ＰＯＲＮ" and "porn" are one.
import { createRequire } from 'node:module';

/**
 * The Unicode confusables table (unhomoglyph's copy of confusables.txt), folded one character
 * at a time, with one change: no plain ASCII character becomes a sequence of others. The table's prototype of "m"
 * is "rn", so folding it made "pom" read as "porn" and "warm" as "warrn"; a reader never confuses
 * text that is already plain ASCII, only look-alikes from other scripts. For the same reason an
 * m-shaped character (ⅿ, ɱ) folds to "m", not "rn".
 */
const CONFUSABLES: Record<string, string> = createRequire(import.meta.url)('unhomoglyph/data.json');
const FOLD = new Map<string, string>();
for (const [from, to] of Object.entries(CONFUSABLES)) {
  if (/^[\x00-\x7f]$/.test(from) && [...to].length > 1) continue; // m → rn, % → º/₀, " → ''
  FOLD.set(from, to.replace(/rn/g, 'm'));
}
const FOLD_RE = new RegExp([...FOLD.keys()].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.?*+^$[\]\\(){}|-]/g, '\\$&')).join('|'), 'g');
const unhomoglyph = (text: string) => text.replace(FOLD_RE, (c) => FOLD.get(c)!);

// Invisible characters that change nothing a reader sees: format characters (zero-width
// space/joiners, soft hyphen, bidi marks, word joiner, BOM), the combining grapheme joiner,
// variation selectors and Hangul fillers.
const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u180B-\u180F\u3164\uFE00-\uFE0F\uFFA0]|\uDB40[\uDD00-\uDDEF]/gu;

/**
 * The comparison form of a text: NFKC (fullwidth and ligatures to plain), invisible
 * characters removed, lower case with Turkish İ/I/ı all as i, accents and diacritics off,
 * Unicode confusables folded to their prototype (the Unicode consortium's confusables table,
 * via unhomoglyph; no ASCII character becomes a sequence, so "m" is never "rn"), whitespace collapsed.
 * Not for display: "l", "I" and "1" share a form.
 */
export function normalise(text: string): string {
  const visible = text.normalize('NFKC').replace(INVISIBLE, '');
  const lower = visible.replace(/[İIı]/g, 'i').toLowerCase();
  const bare = lower.normalize('NFD').replace(/\p{M}/gu, '');
  return unhomoglyph(bare).toLowerCase().normalize('NFC').replace(/\s+/gu, ' ').trim();
}
