// Refusals of the senders service. Each carries its parameters, so a chat command can say
// it in the owner's language; the English message is for the console and the CLI.
import { ConflictError, NotFoundError } from '../base-errors.js';

export class SenderNotFoundError extends NotFoundError {
  override name = 'SenderNotFoundError';
  constructor(readonly sessionId: number) {
    super(`no sender session with id ${sessionId}`);
  }
}

export class SenderNotPausedError extends ConflictError {
  override name = 'SenderNotPausedError';
  constructor(readonly sessionId: number) {
    super(`sender session ${sessionId} is not paused`);
  }
}

export class SenderAlreadyPausedError extends ConflictError {
  override name = 'SenderAlreadyPausedError';
  constructor(readonly sessionId: number, readonly reason: string) {
    super(`sender session ${sessionId} is already paused (${reason})`);
  }
}

/** The plan's concurrent sender limit is reached. */
export class SenderLimitError extends ConflictError {
  override name = 'SenderLimitError';
  constructor(readonly accountId: number, readonly used: number, readonly allowed: number) {
    super(`account ${accountId} already has ${used} sender session(s); its plan allows ${allowed}`);
  }
}

/** `link sender +E164` for a number that is linked and open already. */
export class SenderAlreadyLinkedError extends ConflictError {
  override name = 'SenderAlreadyLinkedError';
  constructor(readonly phone: string) {
    super(`${phone} is linked already`);
  }
}

/** No process driving sessions produced a pairing code in time. */
export class PairingCodeTimeoutError extends Error {
  override name = 'PairingCodeTimeoutError';
  constructor(readonly sessionId: number) {
    super(`no pairing code arrived for sender session ${sessionId}; is a wa-chatops start process running?`);
  }
}

/** `pause sender N` with an N that `senders` does not show. */
export class SenderNumberNotFoundError extends NotFoundError {
  override name = 'SenderNumberNotFoundError';
  constructor(readonly number: number) {
    super(`there is no sender ${number}; "senders" lists them`);
  }
}
