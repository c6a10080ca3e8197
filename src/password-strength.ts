// Password strength: zxcvbn-ts (a maintained port of Dropbox's estimator) with its list of
// common passwords and English words, plus the user's own e-mail as a guessable word.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's score 0–4; 3 = "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;

let factory: ZxcvbnFactory | undefined;
function estimator(): ZxcvbnFactory {
  // Built on first use (about a second): the dictionaries are large.
  factory ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs, translations: en.translations });
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
