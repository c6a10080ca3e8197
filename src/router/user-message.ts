// Which failures a user should read: coded refusals (AppError, rendered from the catalogue
// in the reader's language) and UserError (already in their language). Anything else is a
// fault: logged, never shown, so no internal or English-only text reaches a chat.
import { isAppError } from '../app-error.js';
import type { Lang } from '../i18n/lang.js';
import { t } from '../i18n/t.js';
import { UserError } from './command-spec.js';

export function toUserMessage(e: unknown, lang: Lang = 'en'): string | undefined {
  if (e instanceof UserError) return e.message;
  if (isAppError(e)) return t(lang, e.code, e.params);
  return undefined;
}
