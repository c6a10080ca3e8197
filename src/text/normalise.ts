// The one normaliser of free text for comparison: banned-word matching, and the keys that
// make list, campaign and account names unique and findable. Two texts a reader cannot tell
// apart get the same form: "p\u200Born", "p\u043Ern" (Cyrillic о), "ＰＯＲＮ" and "porn" are one.
import unhomoglyph from 'unhomoglyph';

// Invisible characters that change nothing a reader sees: format characters (zero-width
// space/joiners, soft hyphen, bidi marks, word joiner, BOM), the combining grapheme joiner,
// variation selectors and Hangul fillers.
const INVISIBLE = /[\p{Cf}\u034F\u115F\u1160\u180B-\u180F\u3164\uFE00-\uFE0F\uFFA0]|\uDB40[\uDD00-\uDDEF]/gu;

/**
 * The comparison form of a text: NFKC (fullwidth and ligatures to plain), invisible
 * characters removed, lower case with Turkish İ/I/ı all as i, accents and diacritics off,
 * Unicode confusables folded to their prototype (the Unicode consortium's confusables table,
 * via unhomoglyph), whitespace collapsed. Not for display: "m" and "rn" share a form, as do
 * "l", "I" and "1".
 */
export function normalise(text: string): string {
  const visible = text.normalize('NFKC').replace(INVISIBLE, '');
  const lower = visible.replace(/[İIı]/g, 'i').toLowerCase();
  const bare = lower.normalize('NFD').replace(/\p{M}/gu, '');
  return unhomoglyph(bare).toLowerCase().normalize('NFC').replace(/\s+/gu, ' ').trim();
}
