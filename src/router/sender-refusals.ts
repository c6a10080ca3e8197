// Runs a sender action for a chat command and turns the senders service's refusals into a
// reply in the owner's language, naming the sender by the number N the owner used.
import type { Lang } from '../i18n/lang.js';
import { senderRefusal } from '../i18n/sender-messages.js';
import { UserError } from './command-spec.js';

export async function withSenderRefusals<T>(lang: Lang, n: number | undefined, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (e) {
    const text = senderRefusal(e, lang, n);
    throw text ? new UserError(text) : e;
  }
}
