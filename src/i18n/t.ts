// Turns a catalogue key and its parameters into text in one language (English when the
// language lacks the key). Numbers get digit grouping; a parameter may itself be a message
// (a status name, a reason), rendered in the same language.
import { en, type MessageKey } from './catalogues/en.js';
import { CATALOGUES, fill, type Lang } from './lang.js';

export type { MessageKey } from './catalogues/en.js';

/** A key with its parameters, to be rendered later in the reader's language. */
export interface Msg {
  key: MessageKey;
  params?: Params;
}
export type Param = string | number | Msg;
export type Params = Record<string, Param>;

export function msg(key: MessageKey, params?: Params): Msg {
  return params ? { key, params } : { key };
}

export function t(lang: Lang, key: MessageKey, params: Params = {}): string {
  const template = (CATALOGUES[lang] as Partial<Record<MessageKey, string>>)[key] ?? en[key];
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    vars[k] = typeof v === 'number' ? v.toLocaleString('en-US') : typeof v === 'string' ? v : t(lang, v.key, v.params);
  }
  return fill(template, vars);
}

export function render(lang: Lang, m: Msg): string {
  return t(lang, m.key, m.params);
}

/** Whether a string is a key of the catalogues (for codes that come from outside, like a stored status). */
export function isMessageKey(k: string): k is MessageKey {
  return Object.hasOwn(en, k);
}
