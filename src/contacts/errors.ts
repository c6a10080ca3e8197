// Errors of the contacts service; each message is fit to show the account owner as is.
import { ConflictError, NotFoundError } from '../accounts.js';

export class ListNotFoundError extends NotFoundError {
  override name = 'ListNotFoundError';
  constructor(readonly listName: string, message = `there is no list named "${listName}"`) {
    super(message);
  }
}

export class ListExistsError extends ConflictError {
  override name = 'ListExistsError';
  constructor(readonly listName: string) {
    super(`a list named "${listName}" already exists`);
  }
}

export class InvalidListNameError extends RangeError {
  override name = 'InvalidListNameError';
}

export class UploadTooLargeError extends RangeError {
  override name = 'UploadTooLargeError';
  constructor(readonly bytes: number, readonly maxBytes: number) {
    super(`the file is too large (${formatMb(bytes)}); the most we accept is ${formatMb(maxBytes)}. Split it into smaller files.`);
  }
}

export class InvalidPhoneError extends RangeError {
  override name = 'InvalidPhoneError';
}

function formatMb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
