// export my data: a JSON file of everything we hold about the account.
import { exportAccountData } from '../src/account-data.js';
import { audit } from '../src/audit.js';
import { t } from '../src/i18n/t.js';
import type { CommandSpec } from '../src/router/command-spec.js';

export const exportData: CommandSpec = {
  id: 'export-data',
  usage: { en: 'export my data', tr: 'verilerimi dışa aktar', ur: 'mera data export karo' },
  patterns: {
    en: [/^(?:export|download)\s+(?:my\s+|all\s+)?(?:data|account data)$/i],
    tr: [/^(?:verilerimi dışa aktar|verilerimi disa aktar|verilerimi indir|veri dışa aktar)$/i],
    ur: [/^(?:mera data export karo|mera data bhejo|data export karo)$/i],
  },
  examples: {
    en: ['export my data', 'send me a copy of my data', 'download everything you have about me', 'I want my personal data', 'give me my account data'],
    tr: ['verilerimi dışa aktar', 'verilerimin bir kopyasını gönder', 'hakkımdaki her şeyi indir', 'kişisel verilerimi istiyorum', 'hesap verilerimi ver'],
    ur: ['mera data export karo', 'mere data ki copy bhejo', 'mere bare mein sab kuch download karo', 'mujhe apna personal data chahiye', 'mere account ka data do'],
  },
  args: [],
  role: 'owner',
  confirm: false,
  async handler({ ctx, account, member, lang }) {
    const data = await exportAccountData(ctx, account.id);
    await audit(ctx.db, { type: 'member', id: member.id, label: member.phone }, 'account.export', account.id, {});
    const day = ctx.clock.now().toISOString().slice(0, 10);
    return {
      text: t(lang, 'cmd.export-data.done'),
      files: [{ fileName: `wa-chatops-export-${account.id}-${day}.json`, mimetype: 'application/json', data: Buffer.from(JSON.stringify(data, null, 2), 'utf8'), caption: t(lang, 'file.export.caption', { date: day }) }],
    };
  },
};
