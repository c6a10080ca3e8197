// What the router itself says, by catalogue key (the texts live in src/i18n/catalogues/).
// Kept as Localized values so the router's say(M.x, lang) calls read as before.
import { CATALOGUES, LANGS, type Localized } from './lang.js';
import type { MessageKey } from './t.js';
import { en } from './catalogues/en.js';

function localized(key: MessageKey): Localized {
  return Object.fromEntries(LANGS.map((l) => [l, (CATALOGUES[l] as Partial<Record<MessageKey, string>>)[key] ?? en[key]])) as Localized;
}

export const M = {
  notUnderstood: localized('router.not_understood'),
  didYouMean: localized('router.did_you_mean'),
  usageHint: localized('router.usage_hint'),
  tooLong: localized('router.too_long'),
  unsupportedMedia: localized('router.unsupported_media'),
  mediaNeedsCaption: localized('router.media_needs_caption'),
  rateLimited: localized('router.rate_limited'),
  termsNeeded: localized('router.terms_needed'),
  termsNeededNotOwner: localized('router.terms_needed_not_owner'),
  suspended: localized('router.suspended'),
  notAllowed: localized('router.not_allowed'),
  missingArg: localized('router.missing_arg'),
  badName: localized('router.bad_name'),
  badPhone: localized('router.bad_phone'),
  badAmount: localized('router.bad_amount'),
  confirmPrompt: localized('router.confirm_prompt'),
  confirmExpired: localized('router.confirm_expired'),
  confirmUnknown: localized('router.confirm_unknown'),
  internalError: localized('router.internal_error'),
} satisfies Record<string, Localized>;
