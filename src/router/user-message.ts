// Which failures a user should read: our UserError and the services' typed errors (their
// messages are written for the account owner); anything else is a bug, logged, not shown.
import type { Lang } from '../i18n/lang.js';
import { translateServiceError } from '../i18n/service-errors.js';
import { isInternalError } from '../internal-error.js';
import { UserError } from './command-spec.js';

export function toUserMessage(e: unknown, lang: Lang = 'en'): string | undefined {
  if (e instanceof UserError) return e.message;
  const translated = translateServiceError(e, lang);
  if (translated) return translated;
  if (!(e instanceof Error) || isInternalError(e)) return undefined;
  const m = e.message.trim();
  if (!m) return undefined;
  return m.charAt(0).toUpperCase() + m.slice(1) + (/[.!?]$/.test(m) ? '' : '.');
}
