// call reply TEXT: the short text a caller gets (once a day) when they call one of the
// account's sender numbers; the call itself is rejected. "call reply default" restores ours.
import { AppError } from '../src/app-error.js';
import { t } from '../src/i18n/t.js';
import { MAX_CALL_REPLY_CHARS, setCallReply } from '../src/replies/calls.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const callReply: CommandSpec = {
  id: 'call-reply',
  usage: { en: 'call reply TEXT', tr: 'arama yanıtı METİN', ur: 'call ka jawab MESSAGE' },
  patterns: {
    en: [/^call\s+reply\s*[:,-]?\s+(?<text>[\s\S]+)$/i],
    tr: [/^arama\s+yanıtı\s*[:,-]?\s+(?<text>[\s\S]+)$/i],
    ur: [/^call\s+ka\s+jawab\s*[:,-]?\s+(?<text>[\s\S]+)$/i],
  },
  examples: {
    en: ['call reply Please send us a message, we do not take calls', 'call reply default', 'set the text callers get when they call my sender'],
    tr: ['arama yanıtı Lütfen bize mesaj yazın, aramaları yanıtlayamıyoruz', 'arama yanıtı varsayılan'],
    ur: ['call ka jawab Meherbani kar ke message karein, hum call nahi utha sakte', 'call ka jawab default', 'sender ko call karne walon ko jane wala message set karo'],
  },
  args: [{ name: 'text', type: 'text', required: true }],
  role: 'manager',
  confirm: false,
  async handler({ ctx, account, lang, args }) {
    const text = args.text!.trim();
    if (/^(default|standard|varsayılan|standart|asal|aam)$/i.test(text)) {
      await setCallReply(ctx.db, account.id, null);
      return t(lang, 'cmd.call-reply.reset', { text: t(account.language ?? 'en', 'call.reply.default') });
    }
    if (text.length > MAX_CALL_REPLY_CHARS) throw new AppError('cmd.call-reply.too_long', { length: text.length, max: MAX_CALL_REPLY_CHARS });
    await setCallReply(ctx.db, account.id, text);
    return t(lang, 'cmd.call-reply.done', { text });
  },
};
