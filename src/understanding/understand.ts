// What an owner's message asks for, without running anything: the command, its arguments
// (filled from the account's own names), what is still missing, the reply language, and how
// it was decided. The router acts on this; `wa-chatops chat --explain` prints it.
//
// Order: an answer to a pending follow-up question → the exact grammar on the message as
// written → the grammar on the cleaned message (polite words out, names without suffixes,
// command words spelled right) → NLP.js on the cleaned message without the names.
import type { Lang } from '../i18n/lang.js';
import type { IntentClassifier } from '../nlu/intent-classifier.js';
import type { ArgSpec, CommandSpec } from '../router/command-spec.js';
import { splitCampaignText } from './campaign-text.js';
import { normaliseCommandText } from './command-text.js';
import { NLU_CUED_RUN_THRESHOLD, NLU_RUN_THRESHOLD, NLU_SUGGEST_THRESHOLD } from './thresholds.js';
import { phrasingsFor } from './training-phrasings.js';
import { nameKey, type AccountVocabulary, type KnownName, type NameKind } from './account-vocabulary.js';
import { CommandWords } from './command-words.js';
import { findNames, mentionedOfKind, type NameMention } from './find-names.js';
import { foldLetters, lowerText, messageWords } from './normalise-text.js';
import type { PendingQuestion } from './pending-questions.js';
import { guessLanguage, isLanguageWord } from './reply-language.js';
import { KIND_NOUNS, NAME_FILLER, PAUSE_MARKERS, POLITE_WORDS, PURPOSE_MARKERS, RESUME_MARKERS, SELF_MARKERS, TEXT_MARKERS } from './word-classes.js';

export type Via = 'grammar' | 'nlu' | 'follow-up';

/** Commands that spend money, reach customers or erase: never run from a narrow guess. */
export const COSTLY_COMMANDS: ReadonlySet<string> = new Set(['launch', 'cancel', 'delete-account', 'topup', 'pay']);
/** A costly command chosen by the NLU needs this score and this lead over the runner-up. */
export const COSTLY_MIN_SCORE = 0.85;
export const COSTLY_MIN_MARGIN = 0.3;

export type QuestionKind = 'list' | 'campaign' | 'new-list' | 'new-campaign' | 'amount';

export interface Question {
  arg: string;
  kind: QuestionKind;
  candidates: string[];
}

export interface Understanding {
  text: string;
  spec?: CommandSpec;
  args: Record<string, string>;
  missing: string[];
  lang: Lang;
  via?: Via;
  score: number;
  /** run: go ahead (after the gates); ask: one follow-up question; usage: show how to write it; suggest: "did you mean"; unknown: not understood. */
  action: 'run' | 'ask' | 'usage' | 'suggest' | 'unknown';
  question?: Question;
  /** The member's pending question was answered or abandoned by this message. */
  closesQuestion: boolean;
}

export interface UnderstandInput {
  text: string;
  vocab: AccountVocabulary;
  /** The member's last language, if any. */
  lastLang: Lang | null;
  accountLang: Lang;
  pending?: PendingQuestion;
}

interface Reading {
  words: string[];
  /** How many of `words` come before a campaign text (":" or "message"): where a new name can be. */
  head: number;
  /** The campaign text the message holds, as written (src/understanding/campaign-text.ts). */
  text?: string;
  mentions: NameMention[];
  /** Mentions that are also command words ("test"), read by the NLU as words: they weigh no intent. */
  wordNames: ReadonlySet<NameMention>;
  /** Words with each mention replaced by the name's key: the grammar's second try. */
  cleaned: string;
  /** The cleaned words with command words' typos corrected: the grammar's third try. */
  corrected: string;
  /** The corrected words without the names: what the NLU reads. */
  forNlu: string;
  correctedWords: string[];
  /** Per word of `words`: the command word it stands for (or the name's key inside a mention). */
  corr: string[];
}

interface Filled {
  args: Record<string, string>;
  missing: ArgSpec[];
  ambiguous?: { arg: ArgSpec; names: string[] };
}

const STATES_FOR: Record<string, readonly string[]> = {
  launch: ['draft', 'demo_sent'], 'send-demo': ['draft', 'demo_sent'], pause: ['running'], resume: ['paused'],
  cancel: ['draft', 'demo_sent', 'running', 'paused'],
};

const MAX_CHOICES = 9;

/** Words that make a stop permanent (folded). */
const FOR_GOOD: ReadonlySet<string> = new Set(['forever', 'permanently', 'kesin', 'permanent', 'kalici', 'kalıcı', 'tamamen', 'komple', 'temelli', 'bilkul', 'mustaqil', 'mukammal']);

/** Verbs that make something ("create", "banao", "oluştur", "kur"), folded: with a campaign's text, a new campaign. */
const MAKE_VERB = /^(?:create|make|new|setup|set|prepare|draft|write|banao|bana|banado|bnao|bnado|banana|banani|banaye?n|banaen|tayyar|tayar|likho|nayi|naya|olustur\p{L}*|hazirla\p{L}*|kur|kurar\p{L}*|yap|yapar\p{L}*|yarat\p{L}*|ac|acar\p{L}*|yeni)$/u;

/** Words dropped at the edges of a name written in the grammar's slot. */
const EDGE_FILLER: ReadonlySet<string> = new Set(['a', 'an', 'the', 'my', 'our', 'this', 'called', 'named', 'name', 'naam', 'ki', 'ka', 'ke', 'adında', 'adinda', 'adlı', 'adli', 'isimli', 'diye']);

/** A guessed costly command must also name its object: an account deletion says "account". */
const OBJECT_NEEDED: Record<string, RegExp> = {
  'delete-account': /(?:acc?oun?t|accnt|hesab|hesap|üyelik|uyelik|membership)/,
  // A top-up says how much, or that more is wanted.
  topup: /(?:\d|top|recharge|buy|purchase|add|more|need|khareed|kharid|dalo|daal|chahiye|mazeed|aur|yükle|yukle|satın|satin|lazım|lazim|daha|fazla|ekle|al\b|almak|istiyorum)/,
};

/** Words that follow a new name: "X adında", "X isminde", "X diye", "X naam ki". */
const SLOT_AFTER_NAME: ReadonlySet<string> = new Set(['adinda', 'adli', 'adiyla', 'isimli', 'isminde', 'ismiyle', 'diye', 'naam', 'nami']);

const SENDER_NOUN = /^(?:senders?|gonderici\p{L}*|gonderen\p{L}*)$/u;
/** The commands about sender numbers: the ones a message that names a sender is about. */
const SENDER_COMMANDS: ReadonlySet<string> = new Set(['senders', 'pause-sender', 'resume-sender', 'link-sender']);

/** The words an imperative negation needs ("mat", "dont", "no need", "gerek yok", "istemiyorum", Turkish "-ma"/"-me" verbs). */
const IMPERATIVE_NEGATION = /^(?:mat|dont|need|yok|istemiyorum|\p{L}{4,}(?:ma|me))$/u;

/** Where one clause of a message ends and another begins: punctuation, "so", "then", "but", "ama", "lekin". */
const CLAUSE_BREAK = /\s*[,;!?]+\s+|\.\s+|\s+(?:so|then|but|ama|fakat|lekin|magar)\s+/u;

const PHONE_LIKE = /(?:^|\s)\+?\d[\d\s().-]{7,}\d(?:\s|$)/;

/** Commands that change nothing: a negation in the message does not stop them ("why is it not sending"). */
const READ_ONLY: ReadonlySet<string> = new Set(['help', 'terms', 'balance', 'plan', 'pay', 'lists', 'list-info', 'campaigns', 'status']);

const THOUSAND = new Set(['k', 'bin', 'hazar', 'hazaar', 'thousand', 'thousands']);

/** "5000", "5,000", "5.000", "5k", "20 bin", "10 hazar" → the number as digits. */
export function spokenAmount(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const m = /^(\d{1,3}(?:[.,]\d{3})+|\d+)(k)?$/.exec(words[i]!);
    if (!m) continue;
    const n = Number(m[1]!.replace(/[.,]/g, '')) * (m[2] || THOUSAND.has(words[i + 1] ?? '') ? 1000 : 1);
    if (n > 0) return String(n);
  }
  return undefined;
}

/** "first", "ikinci", "doosra": a sender's number said as an ordinal. */
const ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, birinci: 1, ikinci: 2, ucuncu: 3, pehla: 1, pehle: 1, doosra: 2, dusra: 2, doosre: 2, teesra: 3, tisra: 3,
};

function singleSmallNumber(words: readonly string[]): string | undefined {
  const small = words.map((w) => /^(\d{1,3})(?:'\p{L}*)?$/u.exec(w)?.[1]).filter((x): x is string => x !== undefined);
  if (small.length === 1) return String(Number(small[0]));
  if (small.length) return undefined;
  const said = words.map((w) => ORDINALS[foldLetters(w)]).filter((n): n is number => n !== undefined);
  return said.length === 1 ? String(said[0]) : undefined;
}

export class Understander {
  readonly words: CommandWords;
  private readonly byId: Map<string, CommandSpec>;

  constructor(private readonly commands: readonly CommandSpec[], private readonly classifier: () => Promise<IntentClassifier | undefined>) {
    this.words = new CommandWords(commands, phrasingsFor(commands));
    this.byId = new Map(commands.map((c) => [c.id, c]));
  }

  async understand(input: UnderstandInput): Promise<Understanding> {
    const normalised = normaliseCommandText(input.text);
    const r = this.read(normalised, input.vocab, input.text);
    const guess = guessLanguage(r.words.filter((_, i) => !r.mentions.some((m) => i >= m.start && i < m.end)), normalised.split('\n')[0]!);
    const langFor = (_matched?: Lang): Lang => (guess.sure ? guess.lang : input.lastLang ?? input.accountLang);
    const base = { text: input.text, closesQuestion: false };

    if (input.pending) {
      const spec = this.byId.get(input.pending.commandId);
      const answer = spec && this.answer(input.pending, spec, r, normalised, input.vocab);
      if (spec && answer !== undefined) {
        const args = { ...input.pending.args, [input.pending.arg]: answer };
        const lang = guess.sure && r.words.length >= 3 ? guess.lang : input.pending.lang;
        return { ...this.complete(spec, args, [], undefined, input.vocab, lang, 'follow-up', 1), text: input.text, closesQuestion: true };
      }
      base.closesQuestion = true;
    }
    if (!normalised) return { ...base, args: {}, missing: [], lang: langFor(), score: 0, action: 'unknown' };

    for (const g of this.grammar(normalised, r, input.text)) {
      if (!this.plausible(g.spec, g.captures, r)) continue;
      let spec = g.spec;
      // The account itself named without a campaign: never a campaign's cancel.
      if (spec.id === 'cancel' && OBJECT_NEEDED['delete-account']!.test(r.words.join(' ')) && !r.mentions.some((m) => m.names.some((n) => n.kind === 'campaign'))) continue;
      // A phrase that means resume or pause never launches ("eid dobara chalao", "yeniden başlat").
      if (spec.id === 'launch') spec = this.vetoLaunch(r) ?? spec;
      if (spec.id === 'pause') spec = this.forGood(r) ?? spec;
      if (this.negated(r, spec.id, READ_ONLY.has(spec.id))) return { ...base, args: {}, missing: [], lang: langFor(g.lang), score: 0, action: 'unknown' };
      const filled = this.fill(spec, g.captures, r, input.vocab, g.text, g.text === normalised);
      return { ...base, ...this.complete(spec, filled.args, filled.missing, filled.ambiguous, input.vocab, langFor(g.lang), 'grammar', 1) };
    }
    // One clause of a longer message may be the command as the grammar writes it ("eid is over so cancel
    // ramadan", "bayram bitti, ramadan kampanyasını iptal edelim"): taken when exactly one clause is one.
    const clauses = normalised.includes('\n') ? [] : normalised.split(CLAUSE_BREAK).map((c) => c.trim()).filter(Boolean);
    if (clauses.length > 1 && clauses.length <= 4) {
      const hits: Array<{ spec: CommandSpec; lang: Lang; captures: Record<string, string>; text: string }> = [];
      for (const c of clauses) {
        const cr = this.read(c, input.vocab);
        for (const g of this.grammar(c, cr)) {
          if (!this.plausible(g.spec, g.captures, cr)) continue;
          // A greeting ("merhaba, …", "hi, …") is no request of its own.
          if (g.spec.id !== 'help') hits.push(g);
          break;
        }
      }
      const g = hits.length === 1 ? hits[0]! : undefined;
      const accountNamed = OBJECT_NEEDED['delete-account']!.test(r.words.join(' ')) && !r.mentions.some((m) => m.names.some((n) => n.kind === 'campaign'));
      if (g && !(g.spec.id === 'cancel' && accountNamed)) {
        const spec = g.spec.id === 'launch' ? this.vetoLaunch(r) ?? g.spec : g.spec.id === 'pause' ? this.forGood(r) ?? g.spec : g.spec;
        if (this.negated(r, spec.id, READ_ONLY.has(spec.id))) return { ...base, args: {}, missing: [], lang: langFor(g.lang), score: 0, action: 'unknown' };
        const filled = this.fill(spec, g.captures, r, input.vocab, g.text);
        return { ...base, ...this.complete(spec, filled.args, filled.missing, filled.ambiguous, input.vocab, langFor(g.lang), 'grammar', 1) };
      }
    }
    // A campaign's text with a campaign and a list (or a making verb) said before it, in any order:
    // a new campaign ("vip list ke liye eid naam ki campaign banao: …", "kampanya: x / liste: vip / mesaj: …").
    const draft = this.byId.get('create-campaign');
    if (draft && this.isCampaignDraft(r)) {
      const filled = this.fill(draft, {}, r, input.vocab, r.corrected);
      return { ...base, ...this.complete(draft, filled.args, filled.missing, filled.ambiguous, input.vocab, langFor(), 'grammar', 1) };
    }
    if (normalised.length > 300 || !r.forNlu) return { ...base, args: {}, missing: [], lang: langFor(), score: 0, action: 'unknown' };

    const nlu = await this.classify(r.forNlu, guess.lang, r, guess.sure ? guess.lang : undefined);
    if (!nlu) return { ...base, args: {}, missing: [], lang: langFor(), score: 0, action: 'unknown' };
    let spec = this.byId.get(nlu.intent)!;
    if (spec.id === 'cancel' && OBJECT_NEEDED['delete-account']!.test(r.words.join(' ')) && !r.mentions.some((m) => m.names.some((n) => n.kind === 'campaign'))) {
      spec = this.byId.get('delete-account')!;
    }
    if (spec.id === 'launch') spec = this.vetoLaunch(r) ?? spec;
    if (spec.id === 'pause') spec = this.forGood(r) ?? spec;
    // Paying for credits is buying credits ("how do i pay for more credits", "kredi için ödeme").
    if (spec.id === 'pay' && r.words.some((w) => /^(?:credits?|kredi\p{L}*|credit\p{L}*)$/u.test(foldLetters(w.replace(/'.*$/, ''))))) spec = this.byId.get('topup') ?? spec;
    const lang = langFor(nlu.lang);
    if (this.negated(r, spec.id, READ_ONLY.has(spec.id))) return { ...base, args: {}, missing: [], lang, score: 0, action: 'unknown' };
    const costly = COSTLY_COMMANDS.has(spec.id);
    const cued = this.words.cued(spec.id, r.correctedWords) || this.words.cued(spec.id, r.words);
    // A costly command also needs one of its own command words in the message, not just a likeness;
    // any other command runs from a lower score when one of its own words is there.
    const sure = nlu.score >= (cued && !costly ? NLU_CUED_RUN_THRESHOLD : NLU_RUN_THRESHOLD) && (!costly || (nlu.score >= COSTLY_MIN_SCORE && nlu.score - nlu.runnerUp >= COSTLY_MIN_MARGIN
      // A launch also needs its own grammar word or a campaign named: "vip customers sab se achay hain" launches nothing.
      && cued && (spec.id !== 'launch' || this.words.cued(spec.id, r.correctedWords, true) || r.mentions.some((m) => m.names.some((n) => n.kind === 'campaign')))
      && (OBJECT_NEEDED[spec.id]?.test(r.words.join(' ')) ?? true)
      && (spec.id !== 'cancel' || r.mentions.some((m) => m.names.some((n) => n.kind === 'campaign')) || /(?:campaign|kampanya|mohim)/.test(r.corrected))));
    if (!sure) {
      if (nlu.score >= NLU_SUGGEST_THRESHOLD) return { ...base, spec, args: {}, missing: [], lang, via: 'nlu', score: nlu.score, action: 'suggest' };
      return { ...base, args: {}, missing: [], lang, score: nlu.score, action: 'unknown' };
    }
    const filled = this.fill(spec, {}, r, input.vocab, r.corrected);
    return { ...base, ...this.complete(spec, filled.args, filled.missing, filled.ambiguous, input.vocab, lang, 'nlu', nlu.score) };
  }

  private read(normalised: string, vocab: AccountVocabulary, raw = normalised): Reading {
    const firstLine = normalised.split('\n')[0]!;
    const words = messageWords(firstLine);
    const split = splitCampaignText(raw);
    const colon = firstLine.indexOf(':');
    let head = split ? Math.min(words.length, messageWords(split.head).length) : colon >= 0 ? messageWords(firstLine.slice(0, colon)).length : words.length;
    const marker = words.findIndex((w, i) => i > 0 && TEXT_MARKERS.has(w));
    if (marker >= 0 && marker < head) head = marker;
    const mentions = findNames(words, vocab, this.words.words);
    const cleaned: string[] = [];
    const corrected: string[] = [];
    const forNlu: string[] = [];
    const corr: string[] = [];
    const wordNames = new Set<NameMention>();
    for (let i = 0; i < words.length;) {
      const m = mentions.find((x) => x.start === i);
      if (m) {
        const key = m.names[0]!.key;
        cleaned.push(key);
        corrected.push(key);
        for (let j = m.start; j < m.end; j++) corr[j] = key;
        // A name that is also a command word ("test") still speaks for the command, unless its kind's
        // noun follows it ("test listesinden", "test list se"): then it is only the name.
        const next = words[m.end] ? foldLetters(words[m.end]!) : '';
        const namedByNoun = m.names.some((n) => KIND_NOUNS[n.kind].test(next));
        if (m.end - m.start === 1 && this.words.has(words[i]!) && !namedByNoun) { forNlu.push(words[i]!); if (this.words.grammarCue(words[i]!)) wordNames.add(m); }
        i = m.end;
        continue;
      }
      const w = words[i++]!;
      const plain = w.replace(/'/g, '');
      const c = this.words.correct(plain);
      corr[i - 1] = c;
      if (POLITE_WORDS.has(w)) continue;
      cleaned.push(plain);
      corrected.push(c);
      // A word the model was trained on reaches it as written ("kitno" is not "kitne" to it).
      forNlu.push(c !== plain && this.words.trained(plain) ? plain : c);
    }
    return { words, head, text: split?.text, mentions, wordNames, cleaned: cleaned.join(' '), corrected: corrected.join(' '), forNlu: forNlu.join(' '), correctedWords: corrected, corr };
  }

  /**
   * A grammar match whose name slot holds a sentence rather than a name ("test listesinde kaç
   * numara var" read as "test NAME") is not taken: the slot must hold one of the account's names
   * of the right kind, or at most two words that are no command words.
   */
  private plausible(spec: CommandSpec, captures: Record<string, string>, r: Reading): boolean {
    for (const a of spec.args) {
      const cap = captures[a.name];
      if (!a.refers || cap === undefined) continue;
      const capKey = ` ${nameKey(cap)} `;
      const inside = r.mentions.filter((m) => m.names.some((n) => capKey.includes(` ${n.key} `)) || capKey.includes(` ${nameKey(r.words.slice(m.start, m.end).join(' '))} `));
      if (inside.some((m) => m.names.some((n) => n.kind === a.refers))) continue;
      if (inside.length) return false;
      const words = messageWords(cap);
      if (words.length > 3 || this.nameWords(cap, true).length > 2) return false;
      // "sender 2 ko dobara chalao" speaks of a sender number, not of a campaign called "sender 2".
      if (a.refers === 'campaign' && [...words, ...r.words].some((w) => SENDER_NOUN.test(foldLetters(w.replace(/'.*$/, ''))))) return false;
      // The other kind's noun ("test listesinden …" where a campaign should be), or a phone number, is no name of this kind.
      const otherNoun = KIND_NOUNS[a.refers === 'campaign' ? 'list' : 'campaign'];
      if (words.some((w) => otherNoun.test(foldLetters(w)) || /^\+?\d{7,}$/.test(w))) return false;
      // Only command words where the name should be ("mera account khatam kar do"): another command's phrase.
      if (!this.nameWords(cap, true).length && this.nameWords(cap, false).length) return false;
    }
    return true;
  }

  private *grammar(normalised: string, r: Reading, raw = normalised): Generator<{ spec: CommandSpec; lang: Lang; captures: Record<string, string>; text: string }> {
    const tries = normalised.includes('\n') ? [normalised] : [normalised, r.cleaned, r.corrected];
    const seen = new Set<string>();
    for (const text of tries) {
      if (!text || seen.has(text)) continue;
      seen.add(text);
      for (const spec of this.commands) {
        for (const lang of Object.keys(spec.patterns) as Lang[]) {
          for (const re of spec.patterns[lang]) {
            const m = re.exec(text);
            if (!m) continue;
            const captures: Record<string, string> = {};
            for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) captures[k] = v.trim();
            // A free text (a campaign's message) keeps its own final "." and spacing.
            if (captures.text !== undefined && text === normalised) {
              const rawText = re.exec(raw.trim())?.groups?.text;
              if (rawText !== undefined) captures.text = rawText.trim();
            }
            yield { spec, lang, captures, text };
          }
        }
      }
    }
  }

  /** A campaign stopped for good ("stop eid forever", "kalıcı olarak durdur", "bilkul band kar do") is cancelled, not paused. */
  private forGood(r: Reading): CommandSpec | undefined {
    const ws = r.words.map((w) => foldLetters(w.replace(/'/g, '')));
    const joined = ` ${ws.join(' ')} `;
    if (ws.some((w) => RESUME_MARKERS.has(w)) && !/ (?:mat|dont|never|gonderme|gonderilmesin|baslamasin) /.test(joined)) return undefined;
    const forGood = ws.some((w) => FOR_GOOD.has(w)) || / for good | once and for all | sonsuza kadar | hamesha ke liye /.test(joined);
    return forGood && r.mentions.some((m) => m.names.some((n) => n.kind === 'campaign')) ? this.byId.get('cancel') : undefined;
  }

  private vetoLaunch(r: Reading): CommandSpec | undefined {
    const ws = [...r.words.map((w) => foldLetters(w.replace(/'/g, ''))), ...r.correctedWords.map((w) => foldLetters(w))];
    if (ws.some((w) => RESUME_MARKERS.has(w))) return this.byId.get('resume');
    if (ws.some((w) => PAUSE_MARKERS.has(w))) return this.byId.get('pause');
    // Sent to the owner alone ("send it to me first", "mujhe bhej do") is a demo, not a launch.
    if (ws.some((w) => SELF_MARKERS.has(w))) return this.byId.get('send-demo');
    const named = r.mentions.flatMap((m) => m.names).filter((n) => n.kind === 'campaign');
    // "start eid" for a paused campaign can only mean resume it.
    if (named.length === 1 && named[0]!.status === 'paused') return this.byId.get('resume');
    return undefined;
  }

  /**
   * The NLU's best intent. Scores are weighed by the names the message mentions: a campaign's
   * name speaks for the commands about campaigns, a list's for those about lists.
   */
  private async classify(text: string, first: Lang, r: Reading, sureLang?: Lang): Promise<{ intent: string; score: number; runnerUp: number; lang: Lang } | undefined> {
    const classifier = await this.classifier();
    if (!classifier) return undefined;
    const kinds = new Set<NameKind | 'phone' | 'sender'>(r.mentions.filter((m) => !r.wordNames.has(m)).flatMap((m) => m.names.map((n) => n.kind)));
    if (PHONE_LIKE.test(r.words.join(' '))) kinds.add('phone');
    if (r.words.some((w) => SENDER_NOUN.test(foldLetters(w.replace(/'.*$/, ''))))) kinds.add('sender');
    let best: { intent: string; score: number; runnerUp: number; lang: Lang } | undefined;
    const words = text.split(' ');
    // The message's own command words, the nouns for lists and campaigns aside.
    let verbs: string[] | undefined;
    const verbsOf = () => (verbs ??= r.correctedWords.filter((w) => !KIND_NOUNS.list.test(foldLetters(w)) && !KIND_NOUNS.campaign.test(foldLetters(w)) && !/^campaigns?$/.test(w)));
    for (const l of [first, ...(['en', 'tr', 'ur'] as Lang[]).filter((x) => x !== first)]) {
      // A language's model is overconfident on words it never saw: it is asked only about its own.
      if (this.words.knownIn(l, words) === 0) continue;
      if (sureLang && l !== sureLang && l !== 'en' && best) continue;
      const ranked = (await classifier.rank(text, l)).filter((g) => this.byId.has(g.intent));
      if (!ranked.length) continue;
      const weighed = ranked.map((g) => ({ intent: g.intent, score: g.score * this.fit(this.byId.get(g.intent)!, kinds) }));
      const total = weighed.reduce((a, g) => a + g.score, 0) || 1;
      weighed.sort((a, b) => b.score - a.score);
      // Renormalised only when names re-weighed the scores; otherwise NLP.js's own figures stand.
      // Not when the best intent itself takes none of the names and none of its own words is there: the weighing was against it.
      const against = kinds.size > 0 && this.fit(this.byId.get(weighed[0]!.intent)!, kinds) < 1 && !this.words.cued(weighed[0]!.intent, verbsOf(), true);
      const k = kinds.size && !against ? ranked.reduce((a, g) => a + g.score, 0) / total : 1;
      const top = { intent: weighed[0]!.intent, score: Math.min(1, weighed[0]!.score * k), runnerUp: Math.min(1, (weighed[1]?.score ?? 0) * k), lang: l };
      if (!best || top.score > best.score) best = top;
      if (best.score >= COSTLY_MIN_SCORE) break;
    }
    return best;
  }

  /** 1 when the command takes a name of a mentioned kind (or nothing was mentioned), less otherwise. */
  private fit(spec: CommandSpec, kinds: ReadonlySet<NameKind | 'phone' | 'sender'>): number {
    if (!kinds.size) return 1;
    if (kinds.has('sender')) return SENDER_COMMANDS.has(spec.id) ? 1 : 0.25;
    if (kinds.has('phone')) {
      if (spec.args.some((a) => a.type === 'phone')) return 1;
      // Numbers written out beside a list's name: the list's command may take them ("vip listesine ekle 0532…").
      if (!kinds.has('list') && !kinds.has('campaign')) return 0.25;
    }
    if (spec.args.some((a) => a.refers && kinds.has(a.refers))) return 1;
    // An existing name of the kind a command creates speaks less for making a new one ("customers me kitne contacts hain").
    return spec.args.some((a) => a.creates && kinds.has(a.creates)) ? 0.5 : 0.25;
  }

  /**
   * "don't launch", "abhi mat chalao", "henüz başlatma", "rokna nahi hai", "no need to pause": the
   * command said not to be done. A negation counts when it is next to one of the command's own
   * words (a few words before it, or Urdu "nahi" / Turkish "gerek yok" just after it), so "cancel
   * ramadan, dont send any more" still cancels; with none of its words in the message, any
   * negation stops it.
   */
  private negated(r: Reading, commandId: string, readOnly = false): boolean {
    // A command that changes nothing is not stopped by a negation ("why is it not sending"), unless
    // the negation sits next to another command's own word: "summer'ı durdurmana gerek yok" asks for nothing.
    if (readOnly) {
      if (!r.words.some((w) => IMPERATIVE_NEGATION.test(foldLetters(w.replace(/'/g, ''))))) return false;
      return this.commands.some((c) => !READ_ONLY.has(c.id) && c.id !== commandId && this.words.cued(c.id, r.words, true) && this.negatedNear(r, c.id, true));
    }
    return this.negatedNear(r, commandId, false);
  }

  /** `imperative`: only the negations that tell the bot not to do something ("mat", "dont", "gerek yok"), not "nahi" or "not yet". */
  private negatedNear(r: Reading, commandId: string, imperative: boolean): boolean {
    const ws = r.words.map((w) => foldLetters(w.replace(/'/g, '')));
    const cueAt = ws.map((w, i) => this.words.cued(commandId, [w], true) || this.words.cued(commandId, [r.corr[i] ?? w], true));
    const anyCue = cueAt.some(Boolean);
    const near = (i: number, before: number, after: number) => {
      for (let j = Math.max(0, i - before); j <= Math.min(ws.length - 1, i + after); j++) if (j !== i && cueAt[j]) return true;
      return false;
    };
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i]!;
      // A Turkish verb in its negative form ("başlatma", "durdurma") is itself the negation.
      if (w.length >= 6 && /(?:ma|me)$/.test(w) && this.words.has(w.slice(0, -2)) && !this.words.has(w)) return true;
      const before = w === 'mat' || w === 'dont' || (w === 'need' && ws[i - 1] === 'no') || (!imperative && (w === 'never'
        || (w === 'not' && (ws[i - 1] === 'do' || ws[i + 1] === 'yet'))));
      const after = (w === 'yok' && ws[i - 1] === 'gerek') || w === 'istemiyorum' || (!imperative && (w === 'nahi' || w === 'nai' || w === 'nahin'));
      if (!before && !after) continue;
      if (!anyCue) return true;
      // The negation's own cue window: before the verb in English and "mat", after it for "nahi" and "gerek yok".
      if (before && near(i, 0, 3)) return true;
      if (after && near(i, 2, 0)) return true;
    }
    return false;
  }

  /** The words of a captured value that can be part of a name. */
  private nameWords(value: string, dropCommandWords: boolean, keep: ReadonlySet<string> = new Set()): string[] {
    const ws = messageWords(value).map((w) => w.replace(/'.*$/, ''));
    const kept = ws.filter((w) => !NAME_FILLER.has(w) && !NAME_FILLER.has(foldLetters(w)));
    if (!dropCommandWords) return kept;
    const plain = kept.filter((w) => !this.words.has(w) || keep.has(foldLetters(w)));
    // "create list test": a lone command word in the name's place is the name.
    return plain.length || kept.length !== 1 || ws.length !== 1 ? plain : kept;
  }

  /** The head before a campaign text names a campaign (its noun) and a list of the account, or says to make one. */
  private isCampaignDraft(r: Reading): boolean {
    if (!r.text || r.head === 0) return false;
    const head = r.words.slice(0, r.head).map((w) => foldLetters(w.replace(/'.*$/, '')));
    const corrected = head.map((w, i) => foldLetters(r.corr[i] ?? w));
    if (!head.some((w, i) => KIND_NOUNS.campaign.test(w) || KIND_NOUNS.campaign.test(corrected[i]!))) return false;
    const listNamed = r.mentions.some((m) => m.start < r.head && m.names.some((n) => n.kind === 'list'));
    // An existing campaign named before the text ("yeni yıl kampanyasını … gönder") is no new one.
    if (r.mentions.some((m) => m.start < r.head && m.distance === 0 && m.names.every((n) => n.kind === 'campaign'))) return false;
    return listNamed || [...head, ...corrected].some((w) => MAKE_VERB.test(w));
  }

  private fill(spec: CommandSpec, captures: Record<string, string>, r: Reading, vocab: AccountVocabulary, matchedText: string, exact = false): Filled {
    const args: Record<string, string> = {};
    const missing: ArgSpec[] = [];
    let ambiguous: Filled['ambiguous'];
    const taken = new Set<string>();
    for (const a of spec.args) {
      const cap = captures[a.name];
      if (a.refers) {
        const value = this.fillKnown(a.refers, cap, r, taken);
        if (typeof value === 'string') { args[a.name] = value; taken.add(nameKey(value)); }
        else if (value) ambiguous ??= { arg: a, names: value };
        else if (a.required) missing.push(a);
        continue;
      }
      if (a.creates) {
        let value = cap !== undefined ? (exact ? this.exactName(cap) : undefined) ?? this.newName(cap, vocab, a.creates, false) : this.slotName(r, vocab, a.creates);
        // The grammar's slot caught the verb ("yeni kampanya oluştur adı x", "liste yarat bursa"): the name is elsewhere.
        if (cap !== undefined && value && MAKE_VERB.test(foldLetters(lowerText(value))) && !/^(?:new|yeni|nayi|naya)$/.test(foldLetters(lowerText(value)))) value = this.slotName(r, vocab, a.creates) ?? value;
        if (value) { args[a.name] = value; taken.add(nameKey(value)); }
        else if (a.required) missing.push(a);
        continue;
      }
      if (cap !== undefined && cap !== '') { args[a.name] = cap; continue; }
      if (a.type === 'text' && r.text) { args[a.name] = r.text; continue; }
      const found = a.type === 'amount' ? spokenAmount(r.words)
        : a.type === 'phone' ? /(\+?\d[\d\s().-]{6,}\d)/.exec(matchedText)?.[1]
          // A sender's number as `senders` shows it: the one small number in the message ("sender 2 ko band karo").
          : a.name === 'number' ? singleSmallNumber(r.words) : undefined;
      if (found) args[a.name] = found;
      else if (a.required) missing.push(a);
    }
    return { args, missing, ambiguous };
  }

  /** A known name of `kind`: the one mentioned, or several when it is unclear which, or the captured word(s). */
  private fillKnown(kind: NameKind, cap: string | undefined, r: Reading, taken: Set<string>): string | string[] | undefined {
    let groups = mentionedOfKind(r.mentions, kind).filter((g) => !g.every((n) => taken.has(n.key)));
    if (groups.length > 1 && cap !== undefined) {
      const capKey = ` ${nameKey(cap)} `;
      const inCap = groups.filter((g) => g.some((n) => capKey.includes(` ${n.key} `)));
      if (inCap.length) groups = inCap;
    }
    if (groups.length === 1) return groups[0]!.length === 1 ? groups[0]![0]!.name : groups[0]!.map((n) => n.name);
    if (groups.length > 1) return [...new Set(groups.flat().map((n) => n.name))];
    if (cap === undefined) return undefined;
    // Not one of the account's names: pass the words on, so the reply can say it does not exist.
    const ws = this.nameWords(cap, true);
    return ws.length >= 1 && ws.length <= 3 ? ws.join(' ') : undefined;
  }

  /**
   * A new name in the grammar's own slot, as written ("create campaign summer sale for vip: …",
   * "kampanya oluştur yeni yil …"): its words stay, command words and "new" too; only articles,
   * polite words and the kind's noun at its edges go. Undefined when that leaves nothing or more than 3 words.
   */
  private exactName(cap: string): string | undefined {
    const ws = cap.replace(/^["'“”‘’«»]+|["'“”‘’«»,.;!?]+$/gu, '').trim().split(/\s+/).filter(Boolean);
    // A making verb is no part of the name ("nayi list banao dukaan"); "new" / "yeni" may be ("yeni yil").
    const verb = (w: string) => MAKE_VERB.test(w) && !/^(?:new|yeni|nayi|naya)$/.test(w);
    const edge = (w: string) => EDGE_FILLER.has(lowerText(w)) || verb(foldLetters(lowerText(w))) || POLITE_WORDS.has(lowerText(w)) || KIND_NOUNS.campaign.test(foldLetters(lowerText(w))) || KIND_NOUNS.list.test(foldLetters(lowerText(w)));
    while (ws.length && edge(ws[0]!)) ws.shift();
    // The name ends at a making verb after it ("gold bana do").
    const cut = ws.findIndex((w, i) => i > 0 && verb(foldLetters(lowerText(w))));
    if (cut > 0) ws.splice(cut);
    while (ws.length && edge(ws[ws.length - 1]!)) ws.pop();
    if (!ws.length || ws.length > 3 || (ws.length === 1 && cap.trim().split(/\s+/).length === 1)) return undefined;
    // A purpose after the name ("vip for my best buyers") is left to newName.
    if (ws.some((w, i) => i > 0 && PURPOSE_MARKERS.has(lowerText(w)))) return undefined;
    return ws.join(' ');
  }

  private newName(cap: string, vocab: AccountVocabulary, _kind: NameKind, _fromSlot: boolean): string | undefined {
    let original = cap.replace(/^["'“”‘’«»]+|["'“”‘’«»,.;!?]+$/gu, '').trim();
    // The name ends where its purpose begins: "vip for my best buyers", "multan ke liye alag".
    const capWords = original.split(/\s+/);
    const cut = capWords.findIndex((w, i) => i > 0 && PURPOSE_MARKERS.has(lowerText(w)));
    if (cut > 0) original = capWords.slice(0, cut).join(' ');
    // A new name may contain one of the account's names ("sale 2026" beside "sale"): those words stay.
    const keep = new Set(vocab.names.flatMap((n) => n.key.split(' ')));
    const ws = this.nameWords(original, true, keep);
    // Not a word at all ("@@"): passed on, so the reply says why it is not a usable name.
    if (!ws.length) return messageWords(original).length ? undefined : original || undefined;
    // Keep the owner's spelling and case of the name when it is the whole capture.
    if (ws.length === messageWords(original).length) return original;
    return ws.join(' ');
  }

  /**
   * A new name from its slot phrase: "called X", "named X", "X adında", "X adlı", "X isimli", "X diye",
   * "X naam ki"; otherwise the one word before the campaign's text that is neither a command word, a
   * filler word nor a name of the other kind (the one next to the kind's noun when there are several:
   * "bursa listesini oluşturur musun", "faisalabad ki nayi list").
   */
  private slotName(r: Reading, vocab: AccountVocabulary, kind: NameKind, whole = false): string | undefined {
    // A short answer after the ":" ("yeni kampanya: winter") is the name itself.
    if (!whole && r.words.length - r.head <= 2 && r.words.length > r.head) return this.slotName(r, vocab, kind, true);
    const ws = whole ? r.words : r.words.slice(0, r.head);
    const plain = (w: string) => w.replace(/'.*$/, '');
    for (let i = 0; i < ws.length; i++) {
      const w = foldLetters(ws[i]!);
      if ((w === 'called' || w === 'named' || w === 'name') && i + 1 < ws.length && !NAME_FILLER.has(ws[i + 1]!)) return plain(ws[i + 1]!);
      // "call it gym", "adı okul" (its name is …): the word after is the name.
      if (w === 'call' && ws[i + 1] === 'it' && i + 2 < ws.length && !NAME_FILLER.has(ws[i + 2]!)) return plain(ws[i + 2]!);
      if (w === 'adi' && i + 1 < ws.length && !NAME_FILLER.has(ws[i + 1]!) && !this.words.has(ws[i + 1]!)) return plain(ws[i + 1]!);
      // "naam ramazan", "ismi ramazan": the name after the word for name, when a command word stands before it.
      const after = (w === 'naam' || w === 'ismi') && i + 1 < ws.length && !NAME_FILLER.has(ws[i + 1]!) && !this.words.has(ws[i + 1]!);
      if (after && (i === 0 || this.words.has(ws[i - 1]!) || NAME_FILLER.has(ws[i - 1]!))) return plain(ws[i + 1]!);
      if (SLOT_AFTER_NAME.has(w) && i > 0 && !NAME_FILLER.has(ws[i - 1]!)) return plain(ws[i - 1]!);
    }
    const free = (w: string, i: number) => !NAME_FILLER.has(w) && !NAME_FILLER.has(plain(w)) && !this.words.has(w) && !isLanguageWord(w) && !/^\d+$/.test(w)
      && !KIND_NOUNS.list.test(foldLetters(w)) && !KIND_NOUNS.campaign.test(foldLetters(w))
      && !r.mentions.some((m) => i >= m.start && i < m.end && m.names.some((n) => n.kind !== kind));
    // Words the spelling corrector left alone first; a word it "corrected" only when nothing else is there ("mega" is no "mera").
    let unknown = ws.map((w, i) => ({ w, i })).filter(({ w, i }) => free(w, i) && !this.words.has(r.corr[i] ?? w));
    if (!unknown.length) unknown = ws.map((w, i) => ({ w, i })).filter(({ w, i }) => free(w, i) && r.corr[i] !== undefined && r.corr[i] !== w && !this.words.has(w));
    if (unknown.length > 1) {
      const noun = KIND_NOUNS[kind];
      const nextToNoun = unknown.filter(({ i }) => [i - 1, i + 1, i + 2].some((j) => j >= 0 && j < ws.length && noun.test(foldLetters(ws[j]!))
        && (j !== i + 2 || NAME_FILLER.has(ws[i + 1]!))));
      if (nextToNoun.length === 1) unknown = nextToNoun;
    }
    if (unknown.length === 1) {
      const name = plain(unknown[0]!.w);
      if (!vocab.names.some((n) => n.kind === kind && n.key === nameKey(name))) return name;
    }
    return undefined;
  }

  /** The pending question's answer in this message, or undefined when the message is something else. */
  private answer(p: PendingQuestion, spec: CommandSpec, r: Reading, normalised: string, vocab: AccountVocabulary): string | undefined {
    const a = spec.args.find((x) => x.name === p.arg);
    if (!a) return undefined;
    const t = normalised.trim();
    const n = /^(?:#|no\.?\s*|number\s+)?(\d{1,2})[.)]?$/i.exec(t);
    if (n && p.candidates.length) {
      const k = Number(n[1]);
      return k >= 1 && k <= p.candidates.length ? p.candidates[k - 1] : undefined;
    }
    if (a.type === 'amount') return /^\d[\d,. _]*$/.test(t) ? t : undefined;
    if (a.refers) {
      const groups = mentionedOfKind(r.mentions, a.refers);
      const inChoices = groups.flat().filter((x) => !p.candidates.length || p.candidates.includes(x.name));
      if (inChoices.length === 1 && this.looksLikeJustAName(r)) return inChoices[0]!.name;
      return undefined;
    }
    if (a.creates) {
      if (!this.grammar(normalised, r).next().done || r.words.length > 4) return undefined;
      return this.newName(t, vocab, a.creates, true);
    }
    return undefined;
  }

  /** Besides the name, only filler words: "eid", "eid wali", "the eid one". */
  private looksLikeJustAName(r: Reading): boolean {
    return r.words.every((w, i) => r.mentions.some((m) => i >= m.start && i < m.end) || NAME_FILLER.has(w) || w === 'one' || w === 'wali');
  }

  private complete(spec: CommandSpec, args: Record<string, string>, missing: ArgSpec[], ambiguous: Filled['ambiguous'],
    vocab: AccountVocabulary, lang: Lang, via: Via, score: number): Omit<Understanding, 'text' | 'closesQuestion'> {
    for (const a of spec.args) if (a.required && args[a.name] === undefined && !missing.includes(a) && ambiguous?.arg !== a) missing.push(a);
    const first = ambiguous?.arg ?? missing[0];
    const result = { spec, args, missing: [...(ambiguous ? [ambiguous.arg.name] : []), ...missing.map((m) => m.name)], lang, via, score };
    if (!first) return { ...result, action: 'run' };
    const question = this.question(spec, first, vocab, ambiguous?.names);
    if (question) return { ...result, action: 'ask', question };
    return { ...result, action: 'usage' };
  }

  private question(spec: CommandSpec, a: ArgSpec, vocab: AccountVocabulary, choices?: string[]): Question | undefined {
    if (a.refers) {
      const kind = a.refers;
      if (choices?.length) return { arg: a.name, kind, candidates: choices.slice(0, MAX_CHOICES) };
      const all = vocab.names.filter((n) => n.kind === kind);
      if (!all.length) return undefined;
      const states = STATES_FOR[spec.id];
      const fitting = states ? all.filter((n: KnownName) => n.status && states.includes(n.status)) : all;
      return { arg: a.name, kind, candidates: (fitting.length ? fitting : all).slice(0, MAX_CHOICES).map((n) => n.name) };
    }
    if (a.creates) return { arg: a.name, kind: a.creates === 'list' ? 'new-list' : 'new-campaign', candidates: [] };
    if (a.type === 'amount') return { arg: a.name, kind: 'amount', candidates: [] };
    return undefined;
  }
}
