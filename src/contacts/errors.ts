// Refusals of the contacts service, as catalogue codes with parameters (see src/app-error.ts).
import { AppError } from '../app-error.js';
import { msg, type MessageKey, type Params } from '../i18n/t.js';
import type { PhoneRejection } from '../phone.js';

export class ListNotFoundError extends AppError {
  override name = 'ListNotFoundError';
  constructor(readonly listName: string, code: MessageKey = 'list.not_found') {
    super(code, { name: listName });
  }
}

export class ListExistsError extends AppError {
  override name = 'ListExistsError';
  constructor(readonly listName: string) {
    super('list.exists', { name: listName });
  }
}

export class InvalidListNameError extends AppError {
  override name = 'InvalidListNameError';
  constructor(code: MessageKey, params: Params = {}) {
    super(code, params);
  }
}

export class UploadTooLargeError extends AppError {
  override name = 'UploadTooLargeError';
  constructor(readonly bytes: number, readonly maxBytes: number) {
    super('upload.too_large', { size: formatMb(bytes), max: formatMb(maxBytes) });
  }
}

export class InvalidPhoneError extends AppError {
  override name = 'InvalidPhoneError';
  constructor(readonly value: string, readonly reason: PhoneRejection) {
    super('phone.invalid', { value, reason: phoneReason(reason) });
  }
}

/** Why a text is not a mobile number, as owners read it. */
export function phoneReason(reason: PhoneRejection) {
  return msg(`reason.phone.${reason}`);
}

function formatMb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** A contact file that cannot be read: the owner is told why in their language. */
export class ContactFileError extends AppError {
  override name = 'ContactFileError';
  constructor(readonly reason: 'binary' | 'line_too_long' | 'bad_csv' | 'sheet_format', params: Params = {}) {
    super(`upload.${reason}`, params);
  }
}

/** The file could not be fetched from the channel (a broken download); nothing was read. */
export class MediaDownloadError extends AppError {
  override name = 'MediaDownloadError';
  constructor() {
    super('upload.download_failed');
  }
}
