// A refusal a person should read, as a catalogue key with parameters, never a sentence:
// the chat renders it in the owner's language, the console and the CLI in English (the
// message), the API by its code. Anything that is not an AppError is an internal fault.
import { t, type MessageKey, type Params } from './i18n/t.js';

export class AppError extends Error {
  override name = 'AppError';
  constructor(readonly code: MessageKey, readonly params: Params = {}) {
    super(t('en', code, params));
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
