// The services write their refusals in English, for the owner to read as is. An owner who
// writes in Turkish or Roman Urdu gets the common ones in their language; anything not listed
// here stays English rather than being guessed.
import { LaunchRefusedError } from '../campaigns/errors.js';
import { CampaignExistsError, CampaignNotFoundError, CampaignStateError } from '../campaigns/errors.js';
import { campaignStatusName } from './campaign-status-names.js';
import { ListExistsError, ListNotFoundError, UploadTooLargeError } from '../contacts/errors.js';
import { InsufficientCreditsError } from '../credits.js';
import { say, type Lang, type Localized } from './lang.js';

const T: Record<string, Localized> = {
  listMissing: { en: '', tr: '"{name}" adında bir liste yok.', ur: '"{name}" naam ki koi list nahi hai.' },
  listExists: { en: '', tr: '"{name}" adında bir liste zaten var.', ur: '"{name}" naam ki list pehle se mojood hai.' },
  campaignMissing: { en: '', tr: '"{name}" adında bir kampanya yok.', ur: '"{name}" naam ki koi campaign nahi hai.' },
  campaignExists: { en: '', tr: '"{name}" adında bir kampanya zaten var.', ur: '"{name}" naam ki campaign pehle se mojood hai.' },
  tooLarge: { en: '', tr: 'Dosya çok büyük ({mb} MB); en fazla {max} MB kabul ediyoruz. Daha küçük dosyalara bölün.', ur: 'File bohat bari hai ({mb} MB); zyada se zyada {max} MB qabool hai. Isay choti files mein taqseem karein.' },
  credits: { en: '', tr: 'Yeterli kredi yok: {needed} gerekli, {available} mevcut.', ur: 'Credits kaafi nahi: {needed} chahiye, {available} mojood hain.' },
  wrong_state: { en: '', tr: '"{campaign}" kampanyası zaten {status}; yeniden başlatılamaz.', ur: '"{campaign}" campaign pehle se {status} hai; dobara launch nahi ho sakti.' },
  suspended: { en: '', tr: 'Hesap askıya alındı; yeniden etkinleştirilene kadar kampanya başlatılamaz.', ur: 'Account suspend hai; dobara active hone tak campaign launch nahi ho sakti.' },
  terms_not_accepted: { en: '', tr: 'Güncel hizmet koşulları henüz kabul edilmedi; okuduktan sonra "KABUL" yazın.', ur: 'Naye terms abhi qabool nahi kiye gaye; parh kar "AGREE" likhein.' },
  no_demo: { en: '', tr: 'Önce "{campaign}" kampanyasının demosunu gönderin ("demo gönder {campaign}"); güncel metin için demo gerekli.', ur: 'Pehle "{campaign}" ka demo bhejein ("demo bhejo {campaign}"); maujooda text ka demo zaroori hai.' },
  banned_content: { en: '', tr: 'Metinde yasaklı bir kelime var: "{word}". Kampanyayı düzenleyip yeni bir demo gönderin.', ur: 'Text mein mamnoo lafz hai: "{word}". Campaign theek karein aur naya demo bhejein.' },
  too_small: { en: '', tr: 'Listede {contacts} numara var; planınızın en küçük kampanya boyutu {minimum}.', ur: 'List mein {contacts} numbers hain; aap ke plan ki kam az kam campaign size {minimum} hai.' },
  nobody_left: { en: '', tr: 'Listedeki herkes abonelikten çıktı; gönderilecek kimse yok.', ur: 'List ke sab numbers ne opt-out kar liya hai; bhejne ke liye koi nahi.' },
  no_healthy_sender: { en: '', tr: 'Kampanyalar için bağlı gönderici numara yok; bir numara bağlayın (veya duraklatılanı sürdürün) ve tekrar deneyin.', ur: 'Campaigns ke liye koi sender number connected nahi; number link karein (ya paused wala resume karein) aur dobara koshish karein.' },
  statePause: { en: '', tr: '"{name}" kampanyası şu an: {status}. Yalnızca gönderilmekte olan bir kampanya duraklatılabilir.', ur: '"{name}" campaign is waqt: {status}. Sirf chalti hui campaign roki ja sakti hai.' },
  stateResume: { en: '', tr: '"{name}" kampanyası şu an: {status}. Yalnızca duraklatılmış bir kampanyaya devam edilebilir.', ur: '"{name}" campaign is waqt: {status}. Sirf ruki hui campaign dobara chal sakti hai.' },
  stateCancel: { en: '', tr: '"{name}" kampanyası zaten: {status}.', ur: '"{name}" campaign pehle hi: {status}.' },
  stateSuspended: { en: '', tr: 'Hesap askıya alındı; kampanyalar hesap yeniden açılınca devam eder.', ur: 'Account muattal hai; campaigns account bahaal hone par dobara chalengi.' },
  insufficient_credits: { en: '', tr: 'Bu kampanya {needed} kredi gerektiriyor, {available} mevcut; {more} kredi daha yükleyin.', ur: 'Is campaign ko {needed} credits chahiye aur {available} mojood hain; {more} mazeed top up karein.' },
};

const n = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US') : String(v ?? ''));
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** The refusal in the owner's language, or undefined to show the service's English text. */
export function translateServiceError(e: unknown, lang: Lang): string | undefined {
  if (lang === 'en') return undefined;
  if (e instanceof LaunchRefusedError) {
    const d = e.details;
    if (e.code === 'too_small' && d.minimum === undefined) return say(T.nobody_left!, lang);
    const text = T[e.code];
    if (!text) return undefined;
    return say(text, lang, {
      campaign: String(d.campaign ?? ''), status: d.status ? campaignStatusName(String(d.status), lang) : '', word: String(d.word ?? ''),
      contacts: n(d.contacts), minimum: n(d.minimum), needed: n(d.needed), available: n(d.available),
      more: n(typeof d.needed === 'number' && typeof d.available === 'number' ? d.needed - d.available : ''),
    });
  }
  if (e instanceof CampaignStateError && e.action) {
    const key = { pause: 'statePause', resume: 'stateResume', cancel: 'stateCancel', suspended: 'stateSuspended' }[e.action];
    return say(T[key]!, lang, { name: e.campaignName ?? '', status: campaignStatusName(e.status, lang) });
  }
  if (e instanceof ListNotFoundError) return say(T.listMissing!, lang, { name: e.listName });
  if (e instanceof ListExistsError) return say(T.listExists!, lang, { name: e.listName });
  if (e instanceof CampaignNotFoundError) return say(T.campaignMissing!, lang, { name: e.campaignName });
  if (e instanceof CampaignExistsError) return say(T.campaignExists!, lang, { name: e.campaignName });
  if (e instanceof UploadTooLargeError) return say(T.tooLarge!, lang, { mb: mb(e.bytes), max: mb(e.maxBytes) });
  if (e instanceof InsufficientCreditsError) return say(T.credits!, lang, { needed: n(e.needed), available: n(e.available) });
  return undefined;
}
