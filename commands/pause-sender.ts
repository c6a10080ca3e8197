// pause sender N: that sender sends nothing until resumed (its campaigns go on through the
// account's other senders). N is the number `senders` shows.
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';
import { withSenderRefusals } from '../src/router/sender-refusals.js';
import { pauseSender, senderIdByNumber } from '../src/senders/index.js';

export const pauseSenderCommand: CommandSpec = {
  id: 'pause-sender',
  usage: { en: 'pause sender N', tr: 'göndericiyi duraklat N', ur: 'sender N roko' },
  patterns: {
    en: [/^(?:pause|stop|hold)\s+(?:my\s+)?sender\s+(?:number\s+|no\.?\s*|#)?(?<number>\d{1,3})$/i],
    tr: [/^göndericiyi\s+(?:duraklat|durdur)\s+(?<number>\d{1,3})$/i, /^(?<number>\d{1,3})\.?\s+(?:numaralı\s+)?göndericiyi\s+(?:duraklat|durdur|beklet)$/i, /^gönderici\s+(?<number>\d{1,3})\s+(?:duraklat|durdur)$/i],
    ur: [/^sender\s+(?:number\s+)?(?<number>\d{1,3})\s+(?:ko\s+)?(?:roko|rok do|pause karo|band karo|band kar do|pause kar do)$/i],
  },
  examples: {
    en: ['stop sender 2 from sending', 'pause my sender number 1', 'hold sender 2 for now', 'stop sending from sender 1'],
    tr: ['göndericiyi duraklat 1', 'gönderici 2 durdur', '1 numaralı göndericiyi durdur', 'göndericiyi şimdilik beklet', 'bu gönderici numarasından göndermeyi durdur'],
    ur: ['sender 1 roko', 'sender 2 rok do', 'mera sender number 1 band karo', 'sender ko abhi pause karo', 'is sender se bhejna roko'],
  },
  args: [{ name: 'number', type: 'name', required: true }],
  role: 'manager',
  confirm: false,
  async handler({ ctx, account, member, lang, args }) {
    const n = Number(args.number);
    await withSenderRefusals(lang, n, async () => {
      const id = await senderIdByNumber(ctx.db, account.id, n);
      await pauseSender(ctx.db, id, `by the owner's team (${member.phone})`, { type: 'member', id: member.id, label: member.phone }, { accountId: account.id });
    });
    return t(lang, 'cmd.pause-sender.done', { n });
  },
};
