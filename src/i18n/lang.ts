// The languages operators write in. Roman Urdu is "ur" (Urdu in Latin letters).
export type Lang = 'en' | 'tr' | 'ur';
export const LANGS: readonly Lang[] = ['en', 'tr', 'ur'];

/** Text in every language; a command or message supplies all three. */
export type Localized = Record<Lang, string>;

/** Fills `{name}` placeholders; unknown placeholders stay visible so a gap is noticed. */
export function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

export function say(text: Localized, lang: Lang, vars?: Record<string, string | number>): string {
  return fill(text[lang] ?? text.en, vars);
}
