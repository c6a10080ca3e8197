// The senders service's refusals and sender states in the owner's language, with the
// number N the owner used (texts in src/i18n/catalogues/: sender.chat.*, status.sender.*).
import {
  SenderAlreadyLinkedError, SenderAlreadyPausedError, SenderLimitError, SenderNotPausedError,
  SenderNumberNotFoundError, type SenderState,
} from '../senders/index.js';
import { LANGS, say, type Lang, type Localized } from './lang.js';
import { t, type MessageKey } from './t.js';

function localized(key: MessageKey): Localized {
  return Object.fromEntries(LANGS.map((l) => [l, t(l, key)])) as Localized;
}

export const SENDER_TEXT = {
  noSuchNumber: localized('sender.chat.no_such_number'),
  alreadyPaused: localized('sender.chat.already_paused'),
  notPaused: localized('sender.chat.not_paused'),
  limit: localized('sender.chat.limit'),
  alreadyLinked: localized('sender.chat.already_linked'),
  noCode: localized('sender.chat.no_code'),
} satisfies Record<string, Localized>;

const STATE: Record<SenderState['state'], Localized> = {
  open: localized('status.sender.open'),
  paused: localized('status.sender.paused'),
  needs_relink: localized('status.sender.needs_relink'),
  linking: localized('status.sender.linking'),
  offline: localized('status.sender.offline'),
  removed: localized('status.sender.removed'),
};

export function sayState(s: SenderState, lang: Lang): string {
  return say(STATE[s.state], lang, { reason: 'reason' in s ? s.reason ?? '' : '' });
}

/** A senders-service refusal in the owner's language; `n` is the number the owner used. */
export function senderRefusal(e: unknown, lang: Lang, n?: number): string | undefined {
  if (e instanceof SenderNumberNotFoundError) return say(SENDER_TEXT.noSuchNumber, lang, { n: e.number });
  if (e instanceof SenderAlreadyPausedError) return say(SENDER_TEXT.alreadyPaused, lang, { n: n ?? e.sessionId, reason: e.reason });
  if (e instanceof SenderNotPausedError) return say(SENDER_TEXT.notPaused, lang, { n: n ?? e.sessionId });
  if (e instanceof SenderLimitError) return say(SENDER_TEXT.limit, lang, { allowed: e.allowed, used: e.used });
  if (e instanceof SenderAlreadyLinkedError) return say(SENDER_TEXT.alreadyLinked, lang, { phone: e.phone });
  return undefined;
}

