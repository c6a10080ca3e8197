// Small closed word classes the understanding relies on, in all three languages.

/** Politeness and time words dropped before the grammar is tried ("eid rok do abhi"). */
export const POLITE_WORDS: ReadonlySet<string> = new Set([
  'pls', 'plz', 'plez', 'please', 'pleas', 'kindly', 'now', 'asap', 'quickly', 'thanks', 'thx', 'bro', 'sir',
  'abhi', 'jaldi', 'yaar', 'yar', 'bhai', 'ji', 'jee', 'zara', 'na',
  'şimdi', 'simdi', 'hemen', 'lütfen', 'lutfen', 'acil', 'abi', 'hocam',
]);

/** Words never part of a list or campaign name (besides the polite ones). */
export const NAME_FILLER: ReadonlySet<string> = new Set([
  ...POLITE_WORDS,
  'campaign', 'campaigns', 'kampanya', 'kampanyası', 'kampanyasi', 'kampanyasını', 'kampanyasini',
  'kampanyayı', 'kampanyayi', 'kampanyasının', 'kampanyasinin', 'kampanyasına', 'kampanyasina', 'kampanyam', 'kampanyamı',
  'list', 'lists', 'liste', 'listesi', 'listesine', 'listesini', 'listesinin', 'listeyi', 'listem', 'listemi',
  'the', 'my', 'a', 'an', 'this', 'that', 'our', 'called', 'named', 'name', 'it', 'of', 'for', 'to', 'on', 'in', 'into', 'from', 'with', 'and',
  'meri', 'mera', 'mere', 'yeh', 'ye', 'woh', 'wo', 'is', 'us', 'ko', 'ka', 'ki', 'ke', 'se', 'mein', 'me', 'main', 'wali', 'wala', 'wale', 'naam', 'nami',
  'bu', 'şu', 'su', 'o', 'adında', 'adinda', 'adlı', 'adli', 'isimli', 'isminde', 'ismiyle', 'adıyla', 'adiyla', 'ismi', 'benim', 've', 'diye',
  // Postpositions and "a new / another / separate" words around a new name ("multan ke liye alag list", "test list pe").
  'pe', 'par', 'liye', 'alag', 'separate', 'another', 'new', 'ek', 'aik', 'bir', 'yeni', 'nayi', 'naya', 'nai',
]);

/** A new name ends before one of these ("list vip for my best buyers", "multan ke liye alag list"). */
export const PURPOSE_MARKERS: ReadonlySet<string> = new Set(['for', 'to', 'için', 'icin', 'liye', 'ke', 'with', 'on']);

/** Words that start a campaign's message text when no ":" does ("msg 50% off", "mesaj indirim"). */
export const TEXT_MARKERS: ReadonlySet<string> = new Set(['message', 'msg', 'text', 'body', 'mesaj', 'mesajı', 'mesaji', 'metin', 'metni', 'paigham']);

/** The nouns of each kind of name ("bursa listesini", "winter kampanyası", "eid naam ki campaign"). */
export const KIND_NOUNS: Readonly<Record<'list' | 'campaign', RegExp>> = {
  list: /^(?:list|lists|liste\p{L}*|listesi\p{L}*)$/u,
  campaign: /^(?:campaign|campain|campaing|camapign|kampanya\p{L}*|kampnaya\p{L}*|mohim)$/u,
};

/** A phrase with one of these means resume, never launch ("eid dobara chalao", "yeniden başlat"). */
export const RESUME_MARKERS: ReadonlySet<string> = new Set([
  'resume', 'continue', 'unpause', 'again', 'restart', 'back', 'dobara', 'dobaara', 'dubaara', 'phir', 'phirse', 'fir', 'firse', 'dubara', 'wapas', 'wapis', 'ruki', 'ruka', 'rukhi', 'rooki', 'paused', 'stopped', 'halted', 'durdurulan', 'durdurdugum', 'duraklatilan', 'duran', 'devam', 'yeniden', 'tekrar', 'sürdür', 'surdur', 'jaari', 'jari',
]);

/** A phrase with one of these means pause, never launch ("eid rok do"). */
export const PAUSE_MARKERS: ReadonlySet<string> = new Set([
  'pause', 'hold', 'stop', 'rok', 'roko', 'rokdo', 'ruk', 'ruko', 'durdur', 'duraklat', 'beklet', 'dur',
]);

/** The owner themself as the receiver: a send "to me" is a demo. */
export const SELF_MARKERS: ReadonlySet<string> = new Set(['me', 'myself', 'mujhe', 'muje', 'mujhay', 'mjhe', 'khud', 'bana', 'bane', 'kendime', 'telefonuma', 'numarama']);

/** Words the example sentences use as sample names; they are not command words. */
export const SAMPLE_NAMES: ReadonlySet<string> = new Set(['eid', 'bayram', 'vip']);
