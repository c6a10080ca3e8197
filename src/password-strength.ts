// Password strength: zxcvbn-ts (a maintained port of Dropbox's estimator) with its list of
// common passwords and English words, plus the user's own e-mail as a guessable word.
// Required on first use, not imported: the packages unpack their dictionaries when loaded
// (~0.3 s of every start), and only a password being set needs them.
import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

const requireCjs = createRequire(import.meta.url);

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's score 0–4; 3 = "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  // Built on first use (about a second): the dictionaries are large.
  if (factory) return factory;
  const { ZxcvbnFactory: Factory } = requireCjs('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
  const common = requireCjs('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');
  const en = requireCjs('@zxcvbn-ts/language-en') as typeof import('@zxcvbn-ts/language-en');
  factory = new Factory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs, translations: en.translations });
  return factory;
}

/** Why a password is refused, in words for the person choosing it; null when it is good enough. */
export function passwordWeakness(password: string, userInputs: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password must have at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 200) return 'the password can have at most 200 characters';
  const words = userInputs.flatMap((u) => [u, ...u.split(/[@.\s_-]+/)]).filter((w) => w.length >= 3);
  const r = estimator().check(password.slice(0, 100), words);
  if (r.score >= MIN_PASSWORD_SCORE) return null;
  const hint = [r.feedback.warning, ...r.feedback.suggestions].filter(Boolean).join(' ');
  return `the password is too easy to guess${hint ? ` (${hint.replace(/\.$/, '')})` : ''}; try a few unrelated words`;
}
