// Numbers that are not members. Writing to the operator number (a session of no account) gets
// one short reply a day saying what the number is for and how to get access; a STOP, to any
// number, gets one confirmation. The day's log makes "once a day" hold across restarts and
// processes; the router's own dedupe makes "once per message" hold.
import type { Ctx } from '../context.js';
import { say, type Lang, type Localized } from '../i18n/lang.js';
import { guessLanguage } from './reply-language.js';
import { messageWords } from './normalise-text.js';

const TEXT = {
  access: {
    en: 'Hello! This WhatsApp number serves businesses registered with us to send their campaigns. To get access, ask us for an account{contact}.',
    tr: 'Merhaba! Bu WhatsApp numarası, kampanyalarını göndermek için bize kayıtlı işletmelere hizmet verir. Erişim için bizden hesap isteyin{contact}.',
    ur: 'Assalam o alaikum! Yeh WhatsApp number sirf hamare registered businesses ki campaigns ke liye hai. Access ke liye hum se account mangwayein{contact}.',
  },
  contact: { en: ': {contact}', tr: ': {contact}', ur: ': {contact}' },
  optedOut: {
    en: 'Done: you will not get any more messages from this number.',
    tr: 'Tamam: bu numaradan artık mesaj almayacaksınız.',
    ur: 'Theek hai: aap ko is number se mazeed messages nahi aayenge.',
  },
} satisfies Record<string, Localized>;

/** The stranger's language: the words if they say it clearly, else the country of the number. */
function strangerLanguage(phone: string, text: string): Lang {
  const g = guessLanguage(messageWords(text.slice(0, 500)), text.slice(0, 500));
  if (g.sure) return g.lang;
  if (phone.startsWith('+90')) return 'tr';
  if (phone.startsWith('+92')) return 'ur';
  return 'en';
}

/**
 * The one reply a non-member gets for this message, or undefined: the opt-out confirmation
 * when `optedOut`, else (on the operator number only) the access note, at most once a day.
 */
export async function replyToStranger(ctx: Ctx, input: { sessionId: number; phone: string; text: string; optedOut: boolean }): Promise<string | undefined> {
  const lang = strangerLanguage(input.phone, input.text);
  if (input.optedOut) return say(TEXT.optedOut, lang);
  const session = await ctx.db.one<{ account_id: number | null }>('SELECT account_id FROM sender_sessions WHERE id = $1', [input.sessionId]);
  if (session?.account_id) return undefined; // a campaign sender: replies there are the account's business
  const day = ctx.clock.now().toISOString().slice(0, 10);
  const logged = await ctx.db.exec(
    `WITH old AS (DELETE FROM unknown_number_replies WHERE day < $2::date - 2)
     INSERT INTO unknown_number_replies (phone, day, kind, created_at) VALUES ($1, $2::date, 'access', $3) ON CONFLICT DO NOTHING`,
    [input.phone, day, ctx.clock.now()]);
  if (!logged) return undefined;
  const contact = ctx.config.accessContact ? say(TEXT.contact, lang, { contact: ctx.config.accessContact }) : '';
  return say(TEXT.access, lang, { contact });
}
