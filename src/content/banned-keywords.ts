// Prohibited content (our terms: hate, racist, vulgar, adult, abusive, fraud, harassment),
// checked before launch. Matching is per whole word or phrase on the normalised form of the
// text (src/text/normalise.ts: invisible characters out, confusables folded, accents off),
// and sees through the usual disguises: p0rn, s.e.x, s e x, $ex, p-orn, p*rn.
import type { Queryable } from '../db/database.js';
import { normalise } from '../text/normalise.js';

/** The list we ship: English, Roman Urdu, Urdu script, Turkish. Settings may extend it. */
export const DEFAULT_BANNED_KEYWORDS: readonly string[] = [
  // hate / racist (en)
  'nigger', 'nigga', 'kike', 'chink', 'spic', 'wetback', 'white power', 'white supremacy', 'heil hitler',
  'gas the jews', 'kill all muslims', 'kill all christians', 'kill all hindus', 'ethnic cleansing',
  // vulgar / abusive (en)
  'fuck', 'fucking', 'fucker', 'motherfucker', 'shit', 'bullshit', 'cunt', 'bitch', 'bastard', 'asshole',
  'dickhead', 'dick', 'pussy', 'cock', 'wanker', 'twat', 'faggot', 'fag', 'retard', 'slut', 'whore',
  // adult (en)
  'porn', 'porno', 'pornhub', 'xxx', 'sex', 'sexy', 'nude', 'nudes', 'escort', 'escorts',
  'call girl', 'call girls', 'hookup', 'onlyfans', 'camgirl', 'blowjob', 'milf', 'erotic', 'adult video',
  // fraud (en)
  'lottery winner', 'won a lottery', 'claim your prize', 'double your money',
  'guaranteed profit', 'guaranteed returns', 'share your otp', 'send your otp', 'send me your pin',
  'account will be blocked', 'free iphone', 'investment doubling', 'bitcoin doubler',
  // harassment (en)
  'kill you', 'i will kill', 'rape', 'i know where you live', 'you will die',
  // Roman Urdu
  'harami', 'haramzada', 'haramzadi', 'haramkhor', 'kutta', 'kutti', 'kamina', 'kamini', 'kanjar', 'kanjri',
  'gandu', 'chutiya', 'chutia', 'bhenchod', 'behenchod', 'bhen chod', 'madarchod', 'maderchod', 'madar chod',
  'randi', 'lund', 'gashti', 'bhosdi', 'bhosdike', 'lanti', 'chodna', 'chod', 'dalla', 'dallay',
  'inami scheme', 'lucky draw jeeta', 'aap ka inam', 'mubarak ho aap jeet gaye',
  // Urdu script
  'حرامی', 'حرامزادہ', 'حرام زادہ', 'کمینہ', 'کمینی', 'کنجر', 'کنجری', 'گانڈو', 'چوتیا', 'بہن چود',
  'مادر چود', 'رنڈی', 'گشتی', 'کتی', 'سیکس', 'فحش', 'ننگی', 'دلا', 'لعنتی',
  // Turkish (written without accents: matching folds ç/ğ/ı/ö/ş/ü; 'piç'/'göt' left out as they fold to English 'pic'/'got')
  'amk', 'aminakoyim', 'orospu', 'orospu cocugu', 'siktir', 'sikerim', 'sikis', 'yarrak', 'gotveren',
  'ibne', 'kahpe', 'pezevenk', 'serefsiz', 'gavat', 'seks', 'ciplak',
  'piyango kazandiniz', 'ikramiye kazandiniz', 'hesabiniz bloke', 'bedava iphone', 'seni oldururum',
];

export interface BannedList {
  /** Each entry: the word as listed (for messages) and its normalised tokens. */
  entries: Array<{ word: string; tokens: string[] }>;
}

// Digits and symbols read as letters inside a word. The confusables table already made
// 0 → o and 1/I/| → l; l and i are then one letter here, so "sh1t" and "shit" meet.
const LEET: Record<string, string> = { '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', l: 'i' };
const LEET_RE = /[3457@$l]/g;
/** A letter hidden behind a mask ("p*rn", "f**k"): matches any one letter. */
const MASK = '*';

function readAsLetters(token: string): string {
  return /\p{L}/u.test(token) ? token.replace(LEET_RE, (c) => LEET[c]!) : token.replace(/[$@]/g, (c) => LEET[c]!);
}

/** Words of a normalised text, split at every character that is not a letter or digit. */
function splitWords(norm: string): string[] {
  return (norm.match(/[\p{L}\p{N}$@]+/gu) ?? []).map(readAsLetters);
}

/**
 * Words split at whitespace only, with separators inside a word ignored ("p-orn", "po.rn",
 * "p_o_r_n" → "porn") and masks kept as wildcards ("p*rn").
 */
function joinedWords(norm: string): string[] {
  const out: string[] = [];
  for (const chunk of norm.split(' ')) {
    const w = chunk.replace(/[^\p{L}\p{N}$@*]/gu, '').replace(/^\*+|\*+$/g, '');
    if (w) out.push(readAsLetters(w));
  }
  return out;
}

/** Tokens of a banned word or phrase. */
function tokens(text: string): string[] {
  return splitWords(normalise(text));
}

/** "s.e.x" and "s e x" are three one-letter tokens: join runs of them into one word. */
function joinSpelledOut(words: string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const w of words) {
    if (w.length === 1) { run += w; continue; }
    if (run) out.push(run);
    run = '';
    out.push(w);
  }
  if (run) out.push(run);
  return out;
}

export function buildBannedList(words: readonly string[]): BannedList {
  const entries = [...new Set(words.map((w) => w.trim()).filter(Boolean))]
    .map((word) => ({ word, tokens: tokens(word) }))
    .filter((e) => e.tokens.length > 0);
  return { entries };
}

const DEFAULT_LIST = buildBannedList(DEFAULT_BANNED_KEYWORDS);

/** A word of the text equals a banned token; masks stand for one letter each, at most half of them. */
function sameWord(word: string, banned: string): boolean {
  if (word === banned) return true;
  if (!word.includes(MASK) || word.length !== banned.length) return false;
  let shown = 0;
  for (let i = 0; i < word.length; i++) {
    if (word[i] === MASK) continue;
    if (word[i] !== banned[i]) return false;
    shown++;
  }
  return shown >= 2 && shown * 2 >= word.length;
}

function containsPhrase(words: string[], phrase: string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (!sameWord(words[i + j]!, phrase[j]!)) continue outer;
    return true;
  }
  return false;
}

/** The first banned word or phrase in a text (as listed), or null when the text is clean. */
export function checkBannedContent(text: string, list: BannedList = DEFAULT_LIST): { word: string } | null {
  const norm = normalise(text);
  const words = splitWords(norm);
  const views = [words, joinSpelledOut(words), joinedWords(norm)];
  for (const e of list.entries) {
    if (views.some((v) => containsPhrase(v, e.tokens))) return { word: e.word };
  }
  return null;
}

/**
 * The list in force: settings key 'banned_keywords' holds either an array of extra words
 * (added to the defaults) or `{ "words": [...], "replaceDefaults": true }` to override them.
 */
export async function loadBannedList(q: Queryable): Promise<BannedList> {
  const row = await q.one<{ value: unknown }>(`SELECT value FROM settings WHERE key = 'banned_keywords'`);
  if (!row) return DEFAULT_LIST;
  const v = row.value as string[] | { words?: string[]; replaceDefaults?: boolean };
  const extra = Array.isArray(v) ? v : Array.isArray(v?.words) ? v.words : [];
  const replace = !Array.isArray(v) && v?.replaceDefaults === true;
  const strings = extra.filter((w): w is string => typeof w === 'string');
  return buildBannedList(replace ? strings : [...DEFAULT_BANNED_KEYWORDS, ...strings]);
}
