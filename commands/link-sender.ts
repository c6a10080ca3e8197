// link sender +E164: adds a sender number to the account (within the plan's sender limit)
// and replies with a WhatsApp pairing code to type on that phone, instead of a QR to scan
// (the console's QR stays for admins).
import { say } from '../src/i18n/lang.js';
import { t } from '../src/i18n/t.js';
import { SENDER_TEXT, senderRefusal } from '../src/i18n/sender-messages.js';
import { UserError, type CommandSpec } from '../src/router/command-spec.js';
import { linkSenderByCode, PairingCodeTimeoutError } from '../src/senders/index.js';

export const linkSender: CommandSpec = {
  id: 'link-sender',
  usage: { en: 'link sender +E164', tr: 'gönderici bağla +E164', ur: 'sender link karo +E164' },
  patterns: {
    en: [/^(?:link|add|connect)\s+(?:a\s+)?(?:new\s+)?sender\s+(?:number\s+)?(?<phone>\+?[\d][\d\s().-]{5,22})$/i],
    tr: [/^(?:yeni\s+)?gönderici\s+(?:bağla|ekle)\s+(?<phone>\+?[\d][\d\s().-]{5,22})$/i, /^(?<phone>\+?[\d][\d\s().-]{5,22}?)\s+(?:numarasını\s+)?gönderici\s+olarak\s+bağla$/i],
    ur: [/^sender\s+(?:link|add)\s+karo\s+(?<phone>\+?[\d][\d\s().-]{5,22})$/i, /^(?<phone>\+?[\d][\d\s().-]{5,22}?)\s+(?:ko\s+)?sender\s+(?:link|add)\s+karo$/i],
  },
  examples: {
    en: ['link sender +923001234567', 'add sender +923001234567', 'connect a new sender number', 'link my phone as a sender', 'I want to add another sending number'],
    tr: ['gönderici bağla +905321234567', '+905321234567 gönderici olarak bağla', 'yeni bir gönderici numara ekle', 'telefonumu gönderici olarak bağla', 'başka bir gönderim numarası eklemek istiyorum'],
    ur: ['sender link karo +923001234567', '+923001234567 ko sender add karo', 'naya sender number jodo', 'mera phone sender ke taur par link karo', 'aik aur sending number add karna hai'],
  },
  args: [{ name: 'phone', type: 'phone', required: true }],
  role: 'owner',
  confirm: false,
  async handler({ ctx, account, member, lang, args }) {
    const phone = args.phone!;
    let code: string;
    try {
      ({ code } = await linkSenderByCode(ctx, { accountId: account.id, phone, actor: { type: 'member', id: member.id, label: member.phone } }));
    } catch (e) {
      if (e instanceof PairingCodeTimeoutError) throw new UserError(say(SENDER_TEXT.noCode, lang, { phone }));
      const text = senderRefusal(e, lang);
      throw text ? new UserError(text) : e;
    }
    const reply = t(lang, 'cmd.link-sender.code', { phone, code });
    return ctx.config.waTransport === 'sandbox' ? `${reply}\n${t(lang, 'cmd.link-sender.sandbox')}` : reply;
  },
};
