// What the sender chat commands (senders, pause/resume/link sender) say, in every language,
// and the senders service's refusals in the owner's language.
import {
  SenderAlreadyLinkedError, SenderAlreadyPausedError, SenderLimitError, SenderNotPausedError,
  SenderNumberNotFoundError, type SenderState,
} from '../senders/index.js';
import { say, type Lang, type Localized } from './lang.js';

export const SENDER_TEXT = {
  noSuchNumber: { en: 'There is no sender {n}. *senders* lists yours.', tr: '{n} numaralı gönderici yok. *göndericiler* sizinkileri listeler.', ur: 'Sender {n} mojood nahi. *senders* aap ke senders dikhata hai.' },
  alreadyPaused: { en: 'Sender {n} is paused already ({reason}).', tr: 'Gönderici {n} zaten duraklatılmış ({reason}).', ur: 'Sender {n} pehle se ruka hua hai ({reason}).' },
  notPaused: { en: 'Sender {n} is not paused.', tr: 'Gönderici {n} duraklatılmış değil.', ur: 'Sender {n} ruka hua nahi hai.' },
  limit: {
    en: 'Your plan allows {allowed} sender number(s) and you have {used}; ask us for a larger plan to add another.',
    tr: 'Planınız {allowed} gönderici numarasına izin veriyor ve sizde {used} var; bir tane daha eklemek için daha büyük bir plan isteyin.',
    ur: 'Aap ka plan {allowed} sender number(s) ki ijazat deta hai aur aap ke paas {used} hain; aur add karne ke liye bara plan maangein.',
  },
  alreadyLinked: { en: '{phone} is linked already; *senders* shows it.', tr: '{phone} zaten bağlı; *göndericiler* gösterir.', ur: '{phone} pehle se linked hai; *senders* mein dekhein.' },
  noCode: {
    en: 'WhatsApp gave no code in time. Send *link sender {phone}* again in a minute.',
    tr: 'WhatsApp zamanında kod vermedi. Bir dakika sonra yine *gönderici bağla {phone}* yazın.',
    ur: 'WhatsApp ne waqt par code nahi diya. Aik minute baad dobara *sender link karo {phone}* bhejein.',
  },
} satisfies Record<string, Localized>;

const STATE: Record<SenderState['state'], Localized> = {
  open: { en: 'sending', tr: 'gönderiyor', ur: 'bhej raha hai' },
  paused: { en: 'paused: {reason}', tr: 'duraklatıldı: {reason}', ur: 'ruka hua: {reason}' },
  needs_relink: { en: 'needs linking again ({reason})', tr: 'yeniden bağlanmalı ({reason})', ur: 'dobara link karna hoga ({reason})' },
  linking: { en: 'not linked yet', tr: 'henüz bağlanmadı', ur: 'abhi link nahi hua' },
  offline: { en: 'offline', tr: 'çevrimdışı', ur: 'offline' },
  removed: { en: 'removed', tr: 'kaldırıldı', ur: 'hata diya gaya' },
};

export function sayState(s: SenderState, lang: Lang): string {
  return say(STATE[s.state], lang, { reason: 'reason' in s ? s.reason ?? '' : '' });
}

/** A senders-service refusal in the owner's language; `n` is the number the owner used. */
export function senderRefusal(e: unknown, lang: Lang, n?: number): string | undefined {
  if (e instanceof SenderNumberNotFoundError) return say(SENDER_TEXT.noSuchNumber, lang, { n: e.number });
  if (e instanceof SenderAlreadyPausedError) return say(SENDER_TEXT.alreadyPaused, lang, { n: n ?? e.sessionId, reason: e.reason });
  if (e instanceof SenderNotPausedError) return say(SENDER_TEXT.notPaused, lang, { n: n ?? e.sessionId });
  if (e instanceof SenderLimitError) return say(SENDER_TEXT.limit, lang, { allowed: e.allowed, used: e.used });
  if (e instanceof SenderAlreadyLinkedError) return say(SENDER_TEXT.alreadyLinked, lang, { phone: e.phone });
  return undefined;
}

