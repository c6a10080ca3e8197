// reply +E164 TEXT: the owner answers a customer who wrote to one of the account's senders,
// through that sender, paced like its other sends (src/replies/owner-replies.ts).
import { t } from '../src/i18n/t.js';
import { markOwnerReply, queueOwnerReply } from '../src/replies/owner-replies.js';
import type { CommandSpec } from '../src/router/command-spec.js';

/** Longest wait before a paced answer is sent from this process (the sender's next slot). */
const MAX_WAIT_MS = 10 * 60_000;

export const reply: CommandSpec = {
  id: 'reply',
  usage: { en: 'reply +NUMBER TEXT', tr: 'yanıtla +NUMARA METİN', ur: 'reply +NUMBER MESSAGE' },
  patterns: {
    en: [/^(?:reply|answer)\s+(?:to\s+)?(?<phone>\+?\d[\d\s().-]{5,22}\d)\s*[:,-]?\s+(?<text>\D[\s\S]*)$/i],
    tr: [/^(?:yanıtla|cevapla)\s+(?<phone>\+?\d[\d\s().-]{5,22}\d)\s*[:,-]?\s+(?<text>\D[\s\S]*)$/i],
    ur: [/^(?:reply|jawab do)\s+(?<phone>\+?\d[\d\s().-]{5,22}\d)\s*[:,-]?\s+(?<text>\D[\s\S]*)$/i,
      /^(?<phone>\+?\d[\d\s().-]{5,22}\d)\s+ko\s+jawab\s+(?:do|bhejo)\s*[:,-]?\s+(?<text>[\s\S]+)$/i],
  },
  examples: {
    en: ['reply +923001234567 Yes, it costs 500 rupees', 'answer +923001234567 We are open until 9 pm', 'answer the customer who wrote to my sender'],
    tr: ['yanıtla +905321234567 Evet, fiyatı 500 lira', 'cevapla +905321234567 Saat 21:00e kadar açığız'],
    ur: ['reply +923001234567 Ji haan, qeemat 500 rupay hai', '+923001234567 ko jawab do hum raat 9 baje tak khule hain', 'sender ko likhne wale customer ko jawab do'],
  },
  args: [{ name: 'phone', type: 'phone', required: true }, { name: 'text', type: 'text', required: true }],
  role: 'manager',
  confirm: false,
  async handler({ ctx, account, member, lang, args, sendVia }) {
    const phone = args.phone!;
    const q = await queueOwnerReply(ctx, { accountId: account.id, memberId: member.id, phone, text: args.text! });
    const send = async () => {
      try {
        await sendVia(q.sessionId, q.to, { kind: 'text', text: args.text! }, { messageId: q.messageId });
        await markOwnerReply(ctx, q.id, 'sent');
      } catch (e) {
        ctx.log.warn({ err: e, sessionId: q.sessionId }, 'an owner\'s answer to a customer was not sent');
        await markOwnerReply(ctx, q.id, 'failed').catch(() => undefined);
      }
    };
    const wait = Math.min(MAX_WAIT_MS, q.sendAt.getTime() - ctx.clock.now().getTime());
    if (wait <= 0) {
      await send();
      return t(lang, 'cmd.reply.sent', { phone, n: q.senderNumber });
    }
    setTimeout(() => void send(), wait).unref();
    const at = new Intl.DateTimeFormat('en-GB', { timeZone: account.timezone, hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(q.sendAt);
    return t(lang, 'cmd.reply.queued', { phone, n: q.senderNumber, at });
  },
};
