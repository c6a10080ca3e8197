// The languages owners write in, taken from the catalogues: adding a language is adding its
// catalogue file to CATALOGUES (plus the commands' grammar and examples). Roman Urdu is "ur"
// (Urdu in Latin letters).
import { en, type MessageKey } from './catalogues/en.js';
import { tr } from './catalogues/tr.js';
import { ur } from './catalogues/ur.js';

/** A language's texts by key; a key it lacks falls back to English (the test lists gaps). */
export type Catalogue = Partial<Record<MessageKey, string>>;

export const CATALOGUES = { en, tr, ur } satisfies Record<string, Catalogue>;

export type Lang = keyof typeof CATALOGUES;
export const LANGS = Object.keys(CATALOGUES) as Lang[];

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && Object.hasOwn(CATALOGUES, x);
}

/** Text in every language, for the few texts that are grammar rather than prose (a command's usage line). */
export type Localized = Record<Lang, string>;

/** Fills `{name}` placeholders; unknown placeholders stay visible so a gap is noticed. */
export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function say(text: Localized, lang: Lang, vars?: Record<string, string | number>): string {
  return fill(text[lang] ?? text.en, vars);
}
