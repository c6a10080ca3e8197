// The follow-up questions the router asks, in every language (the catalogue will take them over).
import { say, type Lang, type Localized } from '../i18n/lang.js';
import type { Question, QuestionKind } from './understand.js';

const ASK: Record<QuestionKind, Localized> = {
  campaign: { en: 'Which campaign? {choices}', tr: 'Hangi kampanya? {choices}', ur: 'Kaun si campaign? {choices}' },
  list: { en: 'Which list? {choices}', tr: 'Hangi liste? {choices}', ur: 'Kaun si list? {choices}' },
  'new-list': { en: 'What should the new list be called?', tr: 'Yeni listenin adı ne olsun?', ur: 'Nayi list ka naam kya rakhein?' },
  'new-campaign': { en: 'What should the new campaign be called?', tr: 'Yeni kampanyanın adı ne olsun?', ur: 'Nayi campaign ka naam kya rakhein?' },
  amount: { en: 'How many credits?', tr: 'Kaç kredi?', ur: 'Kitne credits?' },
};

const HOW: Localized = {
  en: 'Reply with the number or the name.',
  tr: 'Numarasını ya da adını yazın.',
  ur: 'Number ya naam likh dein.',
};

export function questionText(q: Question, lang: Lang): string {
  const choices = q.candidates.map((c, i) => `${i + 1}) ${c}`).join(' ');
  const ask = say(ASK[q.kind], lang, { choices }).trim();
  return q.candidates.length ? `${ask}\n${say(HOW, lang)}` : ask;
}
