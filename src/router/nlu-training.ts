// The NLU's training set is the specs' examples and the training-only phrasings (with the
// no-command ones under NLP.js's own "None" intent); thresholds were tuned on the held-out
// paraphrases of test/router/nlu-accuracy.test.ts and the gibberish of the fuzz test.
import type { TrainingUtterance } from '../nlu/intent-classifier.js';
import type { Lang } from '../i18n/lang.js';
import type { CommandSpec } from './command-spec.js';
import { phrasingsFor } from '../understanding/training-phrasings.js';

export { NLU_RUN_THRESHOLD, NLU_SUGGEST_THRESHOLD } from '../understanding/thresholds.js';

export function buildTrainingCorpus(commands: readonly CommandSpec[]): TrainingUtterance[] {
  const out: TrainingUtterance[] = [];
  for (const spec of commands) {
    for (const lang of Object.keys(spec.examples) as Lang[]) {
      for (const text of spec.examples[lang]) out.push({ lang, intent: spec.id, text });
    }
  }
  out.push(...phrasingsFor(commands));
  return out;
}
