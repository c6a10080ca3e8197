// Which language to answer in. A message that clearly is English, Turkish or Roman Urdu gets
// that language; a short or mixed one ("balance", "status eid", "eid launch") gets the
// member's last language, so one owner is never answered in two languages by turns.
import type { Lang } from '../i18n/lang.js';
import { foldLetters } from './normalise-text.js';

const TURKISH_LETTERS = /[ğşıçöü]/;

const WORDS: Record<Lang, ReadonlySet<string>> = {
  tr: new Set([
    'ne', 'kadar', 'nedir', 'nasil', 'var', 'mi', 'mu', 'bir', 've', 'icin', 'ile', 'bana', 'beni', 'benim', 'goster', 'listele', 'listeyi', 'listesi',
    'listesine', 'listeler', 'listelerim', 'liste', 'olustur', 'yukle', 'kampanya', 'kampanyalar', 'kampanyayi', 'kampanyasini', 'kampanyasi', 'kampanyalarim',
    'durdur', 'duraklat', 'devam', 'ettir', 'iptal', 'et', 'baslat', 'gonder', 'bakiye', 'bakiyem', 'kredi', 'kredim', 'kaldi', 'yardim', 'kabul',
    'ediyorum', 'evet', 'hayir', 'sil', 'hesabimi', 'hesap', 'verilerimi', 'disa', 'aktar', 'durumu', 'durum', 'durumda', 'kisileri', 'paket', 'paketim',
    'planim', 'sartlar', 'kosullar', 'yap', 'istiyorum', 'lutfen', 'kac', 'cikar', 'numarayi', 'deneme', 'bilgi', 'bilgisi', 'kaldir', 'fatura',
    'onayla', 'onay', 'hakkinda', 'neler', 'komutlar', 'simdi', 'hemen', 'yeni', 'adinda', 'adli', 'tekrar', 'yeniden', 'gibi', 'gidiyor', 'oldu',
    'bugun', 'yarin', 'tum', 'hepsi', 'sonra', 'once', 'ekle', 'yolla', 'demosu', 'demosunu', 'odeme', 'ode', 'faturam', 'hesabim', 'abi',
    'kampanyam', 'kampanyami', 'listem', 'listemi', 'numara', 'numaralari', 'mesaj', 'mesajlar', 'gonderim', 'bitti', 'ver', 'surdur',
  ]),
  ur: new Set([
    'hai', 'hain', 'kya', 'kia', 'kitna', 'kitne', 'kitni', 'mera', 'meri', 'mere', 'mujhe', 'muje', 'karo', 'kro', 'kardo', 'kar', 'dikhao',
    'dikha', 'batao', 'bata', 'banao', 'bana', 'bhejo', 'bhej', 'ka', 'ki', 'ke', 'ko', 'se', 'mein', 'aur', 'nahi', 'nai', 'haan',
    'kaise', 'kesay', 'kaisay', 'kab', 'kahan', 'bachay', 'bache', 'bacha', 'baqi', 'baki', 'rok', 'roko', 'chalao', 'chala', 'shuru',
    'khatam', 'hatao', 'hata', 'nikalo', 'mitao', 'mita', 'wala', 'wali', 'walay', 'wale', 'chahiye', 'chahta', 'chahti', 'hoon', 'hun', 'sab', 'apna', 'apni',
    'apne', 'madad', 'tafseel', 'naya', 'nayi', 'dalo', 'daal', 'manzoor', 'qabool', 'sharait', 'hisaab', 'hisab', 'paise',
    'raqam', 'jama', 'karwao', 'karna', 'karni', 'dobara', 'phir', 'halat', 'kaam', 'karein', 'krein', 'bhai', 'yaar', 'abhi', 'jaldi',
    'naam', 'kaisi', 'kaisa', 'chal', 'rahi', 'raha', 'gaya', 'gayi', 'hua', 'huay', 'ho', 'hogi', 'band', 'jaari', 'rakho', 'dena', 'lena',
  ]),
  en: new Set([
    'the', 'my', 'me', 'is', 'are', 'what', 'how', 'show', 'send', 'please', 'pls', 'can', 'you', 'i', 'want', 'to', 'of', 'for', 'and', 'with',
    'launch', 'start', 'stop', 'pause', 'resume', 'cancel', 'delete', 'create', 'make', 'new', 'list', 'lists', 'campaign', 'campaigns', 'status',
    'balance', 'credits', 'credit', 'help', 'plan', 'pay', 'bill', 'upload', 'contacts', 'numbers', 'add', 'remove', 'from', 'demo', 'test',
    'going', 'doing', 'much', 'many', 'left', 'have', 'do', 'does', 'it', 'this', 'that', 'now', 'again', 'called', 'named', 'a', 'an', 'all',
    'account', 'data', 'export', 'terms', 'agree', 'accept', 'top', 'up', 'topup', 'buy', 'info', 'about', 'details', 'progress', 'report', 'hold',
    'continue', 'kill', 'abort', 'run', 'go', 'where', 'when', 'which', 'who', 'get', 'give', 'tell', 'let', 'see', 'check', 'need', 'would', 'like',
  ]),
};

/** A common word of one of the three languages (never "corrected" into a command word). */
export function isLanguageWord(word: string): boolean {
  const f = foldLetters(word.replace(/'/g, ''));
  return WORDS.en.has(f) || WORDS.tr.has(f) || WORDS.ur.has(f);
}

export interface LanguageGuess {
  lang: Lang;
  /** False for a short or mixed message: the member's last language should decide. */
  sure: boolean;
}

/** Words are the message's lower-case words (names of the account already left out). */
export function guessLanguage(words: readonly string[], rawText: string): LanguageGuess {
  const count: Record<Lang, number> = { en: 0, tr: 0, ur: 0 };
  for (const w of words) {
    const f = foldLetters(w.replace(/'/g, ''));
    for (const l of ['en', 'tr', 'ur'] as Lang[]) if (WORDS[l].has(f) || WORDS[l].has(w)) count[l]++;
  }
  if (TURKISH_LETTERS.test(rawText.toLowerCase())) count.tr += 2;
  const ranked = (['ur', 'tr', 'en'] as Lang[]).sort((a, b) => count[b] - count[a]);
  const [first, second] = [ranked[0]!, ranked[1]!];
  const lead = count[first] - count[second];
  // Roman Urdu borrows English command words ("campaign launch karo"): one Urdu word among them is enough.
  if (first === 'en' && count.ur > 0 && count.ur >= count.tr) return { lang: 'ur', sure: count.ur >= 1 && words.length >= 2 };
  if (count[first] === 0) return { lang: 'en', sure: false };
  // Turkish and Urdu words are their own evidence; English command words are borrowed by both
  // ("balance", "status eid"), so English alone needs a sentence of its own.
  if (first !== 'en' && count[second] === 0) return { lang: first, sure: true };
  return { lang: first, sure: lead >= 2 || (lead >= 1 && words.length >= 3) };
}
