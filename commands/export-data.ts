// export my data: a JSON file of everything we hold about the account.
import { exportAccountData } from '../src/account-data.js';
import { audit } from '../src/audit.js';
import { say } from '../src/i18n/lang.js';
import type { CommandSpec } from '../src/router/command-spec.js';

const TEXT = {
  done: { en: 'Here is all the data we hold about your account, as a JSON file.', tr: 'Hesabınız hakkında tuttuğumuz tüm veriler JSON dosyası olarak ekte.', ur: 'Aap ke account ka saara data JSON file mein haazir hai.' },
};

export const exportData: CommandSpec = {
  id: 'export-data',
  usage: { en: 'export my data', tr: 'verilerimi dışa aktar', ur: 'mera data export karo' },
  summary: { en: 'get a copy of all your data', tr: 'tüm verilerinizin kopyasını alın', ur: 'apne saare data ki copy lein' },
  patterns: {
    en: [/^(?:export|download)\s+(?:my\s+|all\s+)?(?:data|account data)$/i],
    tr: [/^(?:verilerimi dışa aktar|verilerimi disa aktar|verilerimi indir|veri dışa aktar)$/i],
    ur: [/^(?:mera data export karo|mera data bhejo|data export karo)$/i],
  },
  examples: {
    en: ['send me a copy of my data', 'download everything you have about me', 'I want my personal data', 'give me my account data', 'export all my data', 'send me everything as a file'],
    tr: ['verilerimin bir kopyasını gönder', 'hakkımdaki her şeyi indir', 'kişisel verilerimi istiyorum', 'hesap verilerimi ver', 'tüm verilerimi dışa aktar', 'verilerimi dosya olarak gönder'],
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
      text: say(TEXT.done, lang),
      files: [{ fileName: `wa-chatops-export-${account.id}-${day}.json`, mimetype: 'application/json', data: Buffer.from(JSON.stringify(data, null, 2), 'utf8') }],
    };
  },
};
