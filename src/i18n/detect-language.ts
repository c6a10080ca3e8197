// Guesses which of our three languages a short chat message is in, from letters only
// Turkish uses and from function words; NLP.js's own guesser does not know Roman Urdu.
import type { Lang } from './lang.js';

const TURKISH_LETTERS = /[ğşıİçöüĞŞÇÖÜ]/;
const TURKISH_WORDS = new Set([
  'ne', 'kadar', 'nedir', 'nasıl', 'nasil', 'var', 'mı', 'mi', 'mu', 'mü', 'bir', 've', 'için', 'icin', 'ile', 'bana',
  'benim', 'göster', 'goster', 'listele', 'listeyi', 'listesi', 'listeler', 'listelerim', 'listelerimi', 'liste', 'oluştur', 'olustur', 'yükle', 'yukle',
  'kampanya', 'kampanyalar', 'kampanyayı', 'kampanyalarım', 'kampanyalarımı', 'durdur', 'devam', 'ettir', 'iptal', 'et', 'başlat', 'baslat', 'gönder', 'gonder',
  'bakiye', 'bakiyem', 'bakiyemi', 'kredi', 'kredim', 'krediler', 'kaldı', 'kaldi', 'yardım', 'yardim', 'kabul', 'ediyorum', 'evet', 'hayır', 'hayir',
  'sil', 'hesabımı', 'hesabimi', 'hesap', 'verilerimi', 'dışa', 'aktar', 'durumu', 'durum', 'yükleme', 'kişileri', 'kisileri', 'paket', 'paketim',
  'planım', 'planim', 'şartlar', 'sartlar', 'koşullar', 'kosullar', 'yap', 'istiyorum', 'lütfen', 'lutfen', 'kaç', 'kac', 'çıkar', 'cikar', 'numarayı',
  'tanıtım', 'deneme', 'bilgi', 'bilgisi', 'kaldır', 'kaldir', 'fatura', 'onayla', 'onay', 'bekleyen', 'hakkında', 'neler', 'komutlar',
]);
const URDU_WORDS = new Set([
  'hai', 'hain', 'kya', 'kia', 'kitna', 'kitne', 'kitni', 'mera', 'meri', 'mere', 'mujhe', 'muje', 'karo', 'kro', 'kardo', 'kar', 'dikhao',
  'dikha', 'batao', 'bata', 'banao', 'bana', 'bhejo', 'bhej', 'ka', 'ki', 'ke', 'ko', 'se', 'mein', 'aur', 'nahi', 'nai', 'haan',
  'han', 'ji', 'kaise', 'kesay', 'kaisay', 'kab', 'kahan', 'bachay', 'bache', 'bacha', 'baqi', 'baki', 'rok', 'roko', 'chalao', 'chala', 'shuru',
  'khatam', 'hatao', 'hata', 'nikalo', 'mitao', 'mita', 'wala', 'wali', 'walay', 'chahiye', 'chahta', 'chahti', 'hoon', 'hun', 'sab', 'apna', 'apni',
  'apne', 'madad', 'tafseel', 'naya', 'nayi', 'nai', 'dalo', 'daal', 'manzoor', 'qabool', 'sharait', 'hisaab', 'hisab', 'paise',
  'raqam', 'jama', 'karwao', 'karna', 'karni', 'dobara', 'phir', 'se', 'halat', 'sorat', 'kaam', 'karein', 'krein', 'bhai', 'yaar',
]);

/** 'en' unless the text carries Turkish letters or more Turkish/Urdu function words. */
export function detectLanguage(text: string, fallback: Lang = 'en'): Lang {
  if (TURKISH_LETTERS.test(text)) return 'tr';
  const words = text.toLowerCase().match(/[a-zçğıöşü]+/g) ?? [];
  if (!words.length) return fallback;
  let tr = 0;
  let ur = 0;
  for (const w of words) {
    if (TURKISH_WORDS.has(w)) tr++;
    if (URDU_WORDS.has(w)) ur++;
  }
  if (tr === 0 && ur === 0) return 'en';
  return ur >= tr ? 'ur' : 'tr';
}
