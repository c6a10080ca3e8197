// How an owner's message is read before matching: NFKC, lower case that keeps Turkish İ/ı
// right, emoji and punctuation dropped, apostrophes kept inside a word (Turkish writes a
// name's suffix after one: eid'i), and a letter-folded form for typo-tolerant comparison.

/** Lower case; "İ" becomes "i" (not "i̇"), the rest as the default locale does. */
export function lowerText(s: string): string {
  return s.normalize('NFKC').replace(/İ/g, 'i').toLowerCase().replace(/i̇/g, 'i');
}

const FOLD: Record<string, string> = { ş: 's', ı: 'i', ğ: 'g', ç: 'c', ö: 'o', ü: 'u', â: 'a', î: 'i', û: 'u', é: 'e', è: 'e', á: 'a', à: 'a' };

/** Turkish and accented letters to their plain Latin base, for comparing words written either way. */
export function foldLetters(s: string): string {
  return s.replace(/[şığçöüâîûéèáà]/g, (c) => FOLD[c] ?? c);
}

/**
 * The words of a one-line message: lower case, apostrophe variants unified, anything that is
 * not a letter, digit, apostrophe inside a word, + (phones) or a digit separator removed.
 */
export function messageWords(text: string): string[] {
  const t = lowerText(text).replace(/[’‘`´ʼ]/g, "'");
  const out: string[] = [];
  for (const raw of t.split(/\s+/)) {
    const w = raw.replace(/[^\p{L}\p{N}'+]/gu, '').replace(/^'+|'+$/g, '');
    if (w) out.push(w);
  }
  return out;
}

/**
 * Optimal-string-alignment (Damerau–Levenshtein with adjacent transpositions) distance,
 * giving up once it exceeds `max` (returns max + 1).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** Typos tolerated in a word of this length: none below 4 letters, 1 up to 7, 2 from 8. */
export function typoAllowance(length: number): number {
  return length < 4 ? 0 : length < 8 ? 1 : 2;
}
