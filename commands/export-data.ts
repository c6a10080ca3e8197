// export my data: a JSON file of everything we hold about the account.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeAccountExport } from '../src/account-data.js';
import { runAccountJob } from '../src/account-jobs.js';
import { audit } from '../src/audit.js';
import { say } from '../src/i18n/lang.js';
import type { CommandSpec } from '../src/router/command-spec.js';

const TEXT = {
  done: { en: 'Here is all the data we hold about your account, as a JSON file.', tr: 'Hesabınız hakkında tuttuğumuz tüm veriler JSON dosyası olarak ekte.', ur: 'Aap ke account ka saara data JSON file mein haazir hai.' },
  queued: {
    en: 'An export of your data is already being prepared; this one starts as soon as it is done.',
    tr: 'Verilerinizin bir dışa aktarımı zaten hazırlanıyor; bu istek o bitince başlayacak.',
    ur: 'Aap ke data ka aik export pehle se tayyar ho raha hai; yeh wala us ke khatam hote hi shuru hoga.',
  },
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
    en: ['export my data', 'send me a copy of my data', 'download everything you have about me', 'I want my personal data', 'give me my account data'],
    tr: ['verilerimi dışa aktar', 'verilerimin bir kopyasını gönder', 'hakkımdaki her şeyi indir', 'kişisel verilerimi istiyorum', 'hesap verilerimi ver'],
    ur: ['mera data export karo', 'mere data ki copy bhejo', 'mere bare mein sab kuch download karo', 'mujhe apna personal data chahiye', 'mere account ka data do'],
  },
  args: [],
  role: 'owner',
  confirm: false,
  async handler({ ctx, account, member, lang, sendTo }) {
    // Written to a file as it is read and sent from there: memory stays flat for any account size.
    const file = await runAccountJob('export', account.id, () => sendTo(member.phone, { kind: 'text', text: say(TEXT.queued, lang) }), async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'wa-export-'));
      const f = path.join(dir, 'export.json');
      await writeAccountExport(ctx, account.id, f);
      return f;
    });
    await audit(ctx.db, { type: 'member', id: member.id, label: member.phone }, 'account.export', account.id, {});
    const day = ctx.clock.now().toISOString().slice(0, 10);
    return {
      text: say(TEXT.done, lang),
      files: [{ fileName: `wa-chatops-export-${account.id}-${day}.json`, mimetype: 'application/json', path: file, temporary: true }],
    };
  },
};
