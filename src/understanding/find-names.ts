// Finds the account's list and campaign names anywhere in a message: any case, Turkish
// letters written either way, a Turkish case suffix after the name (eid'i, eid'in, vipe,
// promoya), and small typos in names of 4+ letters. Names of several words are matched too.
import type { AccountVocabulary, KnownName, NameKind } from './account-vocabulary.js';
import { editDistance, foldLetters, typoAllowance } from './normalise-text.js';

export interface NameMention {
  /** Word positions [start, end) in the message. */
  start: number;
  end: number;
  /** Best-matching names (all at the same distance); may hold a list and a campaign of one name. */
  names: KnownName[];
  distance: number;
}

// Case and possessive endings a Turkish writer glues to a name, folded (ı→i, ü→u), longest first.
const TR_SUFFIXES = ['ndan', 'nden', 'nin', 'nun', 'den', 'dan', 'ten', 'tan', 'nda', 'nde', 'yle', 'yla', 'yi', 'yu', 'ye', 'ya',
  'de', 'da', 'te', 'ta', 'in', 'un', 'ne', 'na', 'ni', 'nu', 'le', 'la', 'i', 'u', 'e', 'a'];

const MAX_WORDS = 3;

function candidatesOf(word: string): Array<{ base: string; glued: boolean }> {
  const f = foldLetters(word);
  const apostrophe = f.indexOf("'");
  if (apostrophe > 0) return [{ base: f.slice(0, apostrophe), glued: false }];
  const out = [{ base: f, glued: false }];
  for (const s of TR_SUFFIXES) if (f.length - s.length >= 3 && f.endsWith(s)) out.push({ base: f.slice(0, -s.length), glued: true });
  return out;
}

/**
 * `keywords`: the words the commands themselves use; such a word is a name only when it is
 * exactly one (a list called "test"), never by typo tolerance.
 */
export function findNames(words: readonly string[], vocab: AccountVocabulary, keywords: ReadonlySet<string>): NameMention[] {
  if (!vocab.names.length) return [];
  const out: NameMention[] = [];
  for (let i = 0; i < words.length;) {
    let best: NameMention | undefined;
    for (let n = Math.min(MAX_WORDS, words.length - i); n >= 1; n--) {
      const head = words.slice(i, i + n - 1).map((w) => foldLetters(w).replace(/'/g, ''));
      const last = words[i + n - 1]!;
      const isKeyword = n === 1 && keywords.has(last);
      for (const { base, glued } of candidatesOf(last)) {
        const phrase = [...head, base].join(' ');
        for (const known of vocab.names) {
          if (Math.abs(known.key.length - phrase.length) > 2) continue;
          const allowed = glued || isKeyword ? 0 : typoAllowance(known.key.length);
          const d = editDistance(phrase, known.key, allowed);
          if (d > allowed) continue;
          if (!best || d < best.distance || (d === best.distance && n > best.end - best.start)) {
            best = { start: i, end: i + n, names: [known], distance: d };
          } else if (d === best.distance && n === best.end - best.start && !best.names.includes(known)) {
            best.names.push(known);
          }
        }
      }
      if (best && best.distance === 0 && best.end - best.start === n) break;
    }
    if (best) {
      out.push(best);
      i = best.end;
    } else {
      i++;
    }
  }
  return out;
}

/** The distinct names of one kind mentioned, in message order. */
export function mentionedOfKind(mentions: readonly NameMention[], kind: NameKind): KnownName[][] {
  const out: KnownName[][] = [];
  const seen = new Set<string>();
  for (const m of mentions) {
    const of = m.names.filter((n) => n.kind === kind);
    if (!of.length) continue;
    const id = of.map((n) => n.key).join('|');
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(of);
  }
  return out;
}
