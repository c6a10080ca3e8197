// export my data: a JSON file of everything we hold about the account.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeAccountExport } from '../src/account-data.js';
import { runAccountJob } from '../src/account-jobs.js';
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
    en: ['send me a copy of my data', 'download everything you have about me', 'I want my personal data', 'give me my account data', 'export all my data', 'send me everything as a file'],
    tr: ['verilerimin bir kopyasını gönder', 'hakkımdaki her şeyi indir', 'kişisel verilerimi istiyorum', 'hesap verilerimi ver', 'tüm verilerimi dışa aktar', 'verilerimi dosya olarak gönder'],
    ur: ['mera data export karo', 'mere data ki copy bhejo', 'mere bare mein sab kuch download karo', 'mujhe apna personal data chahiye', 'mere account ka data do'],
  },
  args: [],
  role: 'owner',
  confirm: false,
  async handler({ ctx, account, member, lang, sendTo }) {
    // Written to a file as it is read and sent from there: memory stays flat for any account size.
    const file = await runAccountJob('export', account.id, () => sendTo(member.phone, { kind: 'text', text: t(lang, 'export.queued') }), async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'wa-export-'));
      const f = path.join(dir, 'export.json');
      await writeAccountExport(ctx, account.id, f);
      return f;
    });
    await audit(ctx.db, { type: 'member', id: member.id, label: member.phone }, 'account.export', account.id, {});
    const day = ctx.clock.now().toISOString().slice(0, 10);
    return {
      text: t(lang, 'cmd.export-data.done'),
      files: [{ fileName: `wa-chatops-export-${account.id}-${day}.json`, mimetype: 'application/json', path: file, temporary: true, caption: t(lang, 'file.export.caption', { date: day }) }],
    };
  },
};
