// How a confirmation code is typed; the codes themselves are kept by src/confirmations.ts.
export { CONFIRMATION_TTL_MS, proposeConfirmation, redeemConfirmation, type Redeemed } from '../confirmations.js';

/** "YES 123456", "confirm 123456", "evet 123456", "haan 123456" or the bare code. */
export const CONFIRM_PATTERN = /^(?:(?:yes|y|confirm|ok|okay|evet|onay|onayla|onaylıyorum|haan|han|ji|jee|theek)\s*[:#-]?\s*)?(?<code>\d{6})[.!]?$/i;
