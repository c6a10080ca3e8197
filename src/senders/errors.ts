// Refusals of the senders service, as catalogue codes with parameters (see src/app-error.ts):
// a chat command shows them in the owner's language; the console and the CLI read the English.
import { AppError } from '../app-error.js';

export class SenderNotFoundError extends AppError {
  override name = 'SenderNotFoundError';
  constructor(readonly sessionId: number) {
    super('sender.not_found', { id: String(sessionId) });
  }
}

export class SenderNotPausedError extends AppError {
  override name = 'SenderNotPausedError';
  constructor(readonly sessionId: number) {
    super('sender.not_paused', { id: String(sessionId) });
  }
}

export class SenderAlreadyPausedError extends AppError {
  override name = 'SenderAlreadyPausedError';
  /** `reason` is the stored pause reason (English, for logs and the console). */
  constructor(readonly sessionId: number, readonly reason: string) {
    super('sender.already_paused', { id: String(sessionId) });
  }
}

/** The plan's concurrent sender limit is reached. */
export class SenderLimitError extends AppError {
  override name = 'SenderLimitError';
  constructor(readonly accountId: number, readonly used: number, readonly allowed: number) {
    super('sender.limit', { used, allowed });
  }
}

/** `link sender +E164` for a number that is linked and open already. */
export class SenderAlreadyLinkedError extends AppError {
  override name = 'SenderAlreadyLinkedError';
  constructor(readonly phone: string) {
    super('sender.already_linked', { phone });
  }
}

/** No process driving sessions produced a pairing code in time. */
export class PairingCodeTimeoutError extends AppError {
  override name = 'PairingCodeTimeoutError';
  constructor(readonly sessionId: number) {
    super('sender.pairing_timeout', { id: String(sessionId) });
  }
}

/** `pause sender N` with an N that `senders` does not show. */
export class SenderNumberNotFoundError extends AppError {
  override name = 'SenderNumberNotFoundError';
  constructor(readonly number: number) {
    super('sender.number_not_found', { number: String(number) });
  }
}
