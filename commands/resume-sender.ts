// resume sender N: a paused sender (paused by a person or automatically after errors)
// sends again at its pace. N is the number `senders` shows.
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';
import { withSenderRefusals } from '../src/router/sender-refusals.js';
import { resumeSender, senderIdByNumber } from '../src/senders/index.js';

export const resumeSenderCommand: CommandSpec = {
  id: 'resume-sender',
  usage: { en: 'resume sender N', tr: 'göndericiyi sürdür N', ur: 'sender N resume karo' },
  patterns: {
    en: [/^(?:resume|restart|unpause)\s+(?:my\s+)?sender\s+(?:number\s+|no\.?\s*|#)?(?<number>\d{1,3})$/i],
    tr: [/^göndericiyi\s+(?:sürdür|devam\s+ettir)\s+(?<number>\d{1,3})$/i, /^(?<number>\d{1,3})\.?\s+(?:numaralı\s+)?göndericiyi\s+(?:sürdür|devam\s+ettir|tekrar\s+başlat|yeniden\s+başlat|tekrar\s+aç)$/i, /^gönderici\s+(?<number>\d{1,3})\s+(?:sürdür|devam)$/i],
    ur: [/^sender\s+(?:number\s+)?(?<number>\d{1,3})\s+(?:ko\s+)?(?:resume karo|dobara chalao|chalao|chalu karo|resume kar do|dobara chalu karo|phir se chalao)$/i],
  },
  examples: {
    en: ['restart sender 2', 'unpause sender 1', 'let sender 2 send again', 'turn my paused sender back on'],
    tr: ['göndericiyi sürdür 1', 'göndericiyi yeniden başlat', 'duraklatılan göndericiyi tekrar aç', 'gönderici numaram yeniden göndersin'],
    ur: ['sender 1 resume karo', 'sender 2 dobara chalao', 'ruka hua sender chalao', 'sender ko phir se chalu karo', 'mera sender number wapas on karo'],
  },
  args: [{ name: 'number', type: 'name', required: true }],
  role: 'manager',
  confirm: false,
  async handler({ ctx, account, member, lang, args }) {
    const n = Number(args.number);
    await withSenderRefusals(lang, n, async () => {
      const id = await senderIdByNumber(ctx.db, account.id, n);
      await resumeSender(ctx.db, id, { type: 'member', id: member.id, label: member.phone }, { accountId: account.id });
    });
    return t(lang, 'cmd.resume-sender.done', { n });
  },
};
