// The words the commands are written with (their grammar, usage lines and training examples),
// and a spelling corrector that maps a mistyped word to one of them: "lauch" → "launch",
// "stauts" → "status", "kampnaya" → "kampanya". Only words of 4+ letters are corrected, by at
// most one edit (two from 8 letters), and only to a word the commands actually use.
import type { CommandSpec } from '../router/command-spec.js';
import { editDistance, foldLetters, messageWords, typoAllowance } from './normalise-text.js';
import { isLanguageWord } from './reply-language.js';
import { SAMPLE_NAMES } from './word-classes.js';

/** Letters of a regular expression's literal words: "(?:launch|start)\s+(?<name>…)" → launch, start. */
function patternWords(re: RegExp): string[] {
  const src = re.source.replace(/\(\?<\w+>/g, '(').replace(/\\[a-zA-Z]/g, ' ').replace(/\[[^\]]*\]/g, ' ');
  return src.match(/[\p{L}]{2,}/gu) ?? [];
}

/** Roman Urdu written without vowels, as owners text: "kr do", "krdo", "kro" are "kar do", "karo". */
const URDU_SHORTHAND: Readonly<Record<string, string>> = {
  kr: 'kar', kro: 'karo', krdo: 'kar do', krden: 'kar dein', krdein: 'kar dein', krna: 'karna', krni: 'karni', krein: 'karein', kren: 'karein', krwa: 'karwa',
};

export class CommandWords {
  readonly words: ReadonlySet<string>;
  private readonly byFolded = new Map<string, string>();
  private readonly frequency = new Map<string, number>();
  private readonly buckets = new Map<number, string[]>();
  private readonly memo = new Map<string, string>();
  /** Per command, the words of its grammar no other command's grammar uses ("launch", "başlat", "chalao"). */
  readonly cues = new Map<string, ReadonlySet<string>>();
  /** The cues that come from the grammar alone (a negation is read next to one of these). */
  readonly grammarCues = new Map<string, ReadonlySet<string>>();
  /** Per language, the words its grammar, examples and training phrasings use (folded). */
  readonly byLang = new Map<string, Set<string>>();
  /** The words of the grammar itself (folded), 5+ letters: the stems a longer word is read back to first. */
  private readonly grammarStems = new Set<string>();

  /** `phrasings`: training-only sentences (per language); their words count as known in the language, never as command words. */
  constructor(commands: readonly CommandSpec[], phrasings: ReadonlyArray<{ lang: string; text: string }> = []) {
    const words = new Set<string>();
    const add = (w: string) => {
      if (SAMPLE_NAMES.has(w) || /\d/.test(w)) return;
      words.add(w);
      this.frequency.set(w, (this.frequency.get(w) ?? 0) + 1);
    };
    for (const c of commands) {
      for (const list of Object.values(c.patterns)) for (const re of list) for (const w of patternWords(re)) add(w.toLowerCase());
      for (const [lang, list] of Object.entries(c.examples)) {
        if (!this.byLang.has(lang)) this.byLang.set(lang, new Set());
        for (const e of list) for (const w of messageWords(e.split(':')[0]!)) { add(w); this.byLang.get(lang)!.add(foldLetters(w)); }
      }
      for (const u of Object.values(c.usage)) for (const w of messageWords(u)) if (w !== w.toUpperCase()) add(w);
    }
    for (const p of phrasings) {
      if (!this.byLang.has(p.lang)) this.byLang.set(p.lang, new Set());
      for (const w of messageWords(p.text.split(':')[0]!)) this.byLang.get(p.lang)!.add(foldLetters(w));
    }
    this.words = words;
    const owners = new Map<string, Set<string>>();
    for (const c of commands) {
      for (const list of Object.values(c.patterns)) for (const re of list) for (const w of patternWords(re)) {
        const f = foldLetters(w.toLowerCase());
        if (!owners.has(f)) owners.set(f, new Set());
        owners.get(f)!.add(c.id);
        if (f.length >= 5) this.grammarStems.add(f);
      }
    }
    // Words shared by many commands, or that only glue a phrase together, are no evidence.
    const glue = new Set(['the', 'my', 'of', 'for', 'to', 'in', 'into', 'on', 'from', 'how', 'can', 'do', 'i', 'a', 'me', 'ki', 'ka', 'ke', 'se',
      'ko', 'kar', 'karo', 'et', 'al', 'istiyorum', 'chahiye', 'kaise', 'karun', 'hai', 'mera', 'meri', 'campaign', 'kampanyasini', 'kampanyayi',
      'kampanyasinin', 'kampanyasina', 'account', 'list', 'liste', 'listesi', 'number', 'numbers', 'contact', 'contacts', 'new', 'yeni', 'called', 'named']);
    // A word of a command's examples that at most one other command's examples use ("chalu", "scrap", "radd") is a cue too.
    const exampleOwners = new Map<string, Set<string>>();
    for (const c of commands) {
      for (const list of Object.values(c.examples)) for (const e of list) for (const w of messageWords(e.split(':')[0]!)) {
        const f = foldLetters(w);
        if (SAMPLE_NAMES.has(f) || /\d/.test(f) || f.length < 4) continue;
        if (!exampleOwners.has(f)) exampleOwners.set(f, new Set());
        exampleOwners.get(f)!.add(c.id);
      }
    }
    // A grammar-only command never competes in the NLU, so sharing a word with it ("sil" with
    // delete list, "khatam" with it too) takes nothing from another command's cue.
    const grammarOnly = new Set(commands.filter((c) => c.grammarOnly).map((c) => c.id));
    for (const c of commands) {
      const rivals = (ids: Iterable<string>) => new Set([...ids].filter((id) => id === c.id || c.grammarOnly || !grammarOnly.has(id)));
      const own = [...owners].filter(([w, ids]) => ids.has(c.id) && rivals(ids).size <= 3 && !glue.has(w) && w.length >= 2).map(([w]) => w);
      const fromExamples = [...exampleOwners].filter(([w, ids]) => ids.has(c.id) && rivals([...ids, ...(owners.get(w) ?? [])]).size <= 2 && !glue.has(w) && !isLanguageWord(w)).map(([w]) => w);
      this.cues.set(c.id, new Set([...own, ...fromExamples]));
      this.grammarCues.set(c.id, new Set(own));
    }
    for (const w of words) {
      const f = foldLetters(w);
      const known = this.byFolded.get(f);
      if (!known || (this.frequency.get(w) ?? 0) > (this.frequency.get(known) ?? 0)) this.byFolded.set(f, w);
      const len = w.length;
      if (!this.buckets.has(len)) this.buckets.set(len, []);
      this.buckets.get(len)!.push(w);
    }
  }

  /** A grammar word (5+ letters) the word starts with, its ending being at most 6 letters: "başlatalım" → "başlat". */
  private grammarStem(folded: string): string | undefined {
    for (let len = Math.min(folded.length - 1, 12); len >= 5; len--) {
      if (folded.length - len > 6) break;
      const stem = folded.slice(0, len);
      if (this.grammarStems.has(stem)) return this.byFolded.get(stem) ?? stem;
    }
    return undefined;
  }

  private stem(folded: string): string | undefined {
    for (let len = Math.min(folded.length - 1, 12); len >= 3; len--) {
      if (folded.length - len > 6) break;
      const known = this.byFolded.get(folded.slice(0, len));
      if (known && (len >= 4 || folded.length <= 8)) return known;
    }
    return undefined;
  }

  /** Whether one of the words is a cue of this command (its own grammar word). */
  cued(commandId: string, words: readonly string[], grammarOnly = false): boolean {
    const cues = (grammarOnly ? this.grammarCues : this.cues).get(commandId);
    if (!cues) return false;
    return words.some((w) => {
      const f = foldLetters(w.replace(/'/g, ''));
      if (cues.has(f)) return true;
      for (const c of cues) {
        if (c.length >= 3 && f.length > c.length && f.startsWith(c) && f.length - c.length <= 6) return true;
        // The singular of a plural cue ("credit" for "credits").
        if (f.length >= 5 && c === `${f}s`) return true;
      }
      return false;
    });
  }

  /** How many of the words the language's examples use (a model knows nothing of the others). */
  knownIn(lang: string, words: readonly string[]): number {
    const set = this.byLang.get(lang);
    return set ? words.filter((w) => set.has(foldLetters(w.replace(/'/g, '')))).length : 0;
  }

  /** Whether a language's examples or training phrasings use the word as written (the NLU knows it). */
  trained(word: string): boolean {
    const f = foldLetters(word.replace(/'/g, ''));
    for (const set of this.byLang.values()) if (set.has(f)) return true;
    return false;
  }

  /** Whether the word is one of some command's own grammar words ("test", "demo"), not just a word of its examples. */
  grammarCue(word: string): boolean {
    const f = foldLetters(word.replace(/'/g, ''));
    for (const set of this.grammarCues.values()) if (set.has(f)) return true;
    return false;
  }

  has(word: string): boolean {
    return this.words.has(word) || this.byFolded.has(foldLetters(word.replace(/'/g, '')));
  }

  /** The command word meant by `word`, or `word` itself when it is one or is too far from any. */
  correct(word: string): string {
    if (this.words.has(word) || isLanguageWord(word)) return word;
    const short = URDU_SHORTHAND[word];
    if (short) return short;
    const cached = this.memo.get(word);
    if (cached !== undefined) return cached;
    const folded = foldLetters(word.replace(/'/g, ''));
    let out = this.byFolded.get(folded);
    // A grammar verb with an ending glued on is that verb, before any likeness to another word.
    if (out === undefined && folded.length >= 7) out = this.grammarStem(folded);
    if (out === undefined && folded.length >= 4 && !/\d/.test(folded)) {
      const max = typoAllowance(folded.length);
      let bestD = max + 1;
      let best: string | undefined;
      for (let len = folded.length - max; len <= folded.length + max; len++) {
        for (const w of this.buckets.get(len) ?? []) {
          if (typoAllowance(w.length) === 0) continue;
          const limit = Math.min(max, typoAllowance(w.length));
          const d = editDistance(folded, foldLetters(w), limit);
          if (d > limit) continue;
          if (d < bestD || (d === bestD && best !== undefined && (this.frequency.get(w) ?? 0) > (this.frequency.get(best) ?? 0))) {
            bestD = d;
            best = w;
          }
        }
      }
      out = bestD <= max ? best : undefined;
    }
    // A longer form of a command word (Turkish and Urdu endings, English -ed/-ing): "başlatalım",
    // "durdurur", "oluşturmak", "gönderimine", "launching" → the command word it starts with.
    if ((out === undefined || out === word) && folded.length >= 5 && !/\d/.test(folded)) out = this.stem(folded) ?? out;
    const result = out ?? word;
    if (this.memo.size > 50_000) this.memo.clear();
    this.memo.set(word, result);
    return result;
  }
}
