// upload contacts to NAME: numbers one per line after the command, or an attached
// .txt/.csv/.vcf/.xlsx file (.xls and .ods are answered with what to save them as). Replies with what was accepted and why lines were rejected;
// the rejected lines come back as a file.
import { Readable } from 'node:stream';
import { runAccountJob } from '../src/account-jobs.js';
import { MediaDownloadError, UploadTooLargeError } from '../src/contacts/errors.js';
import { isAppError } from '../src/app-error.js';
import { ingestContacts } from '../src/contacts/ingest.js';
import { getListByName } from '../src/contacts/lists.js';
import { t } from '../src/i18n/t.js';
import type { PhoneRejection } from '../src/phone.js';
import { UserError, type CommandSpec } from '../src/router/command-spec.js';

export const uploadContacts: CommandSpec = {
  id: 'upload-contacts',
  usage: { en: 'upload contacts to NAME', tr: 'kişileri yükle AD', ur: 'NAAM mein contacts upload karo' },
  patterns: {
    en: [/^(?:upload|add|import)\s+(?:contacts|numbers)\s+(?:to|in|into|for)\s+(?:list\s+)?(?<name>[^\n]+?)\s*(?:\n(?<lines>[\s\S]*))?$/i],
    tr: [/^(?:kişileri yükle|kisileri yukle|numaraları yükle|numaralari yukle|kişi yükle)\s+(?<name>[^\n]+?)\s*(?:\n(?<lines>[\s\S]*))?$/i,
      /^(?<name>[^\n]+?)\s+listesine\s+(?:kişileri |numaraları |numaralari )?(?:yükle|yukle|ekle)\s*(?:\n(?<lines>[\s\S]*))?$/i],
    ur: [/^(?<name>[^\n]+?)\s+(?:mein|me)\s+(?:contacts|numbers)\s+(?:upload karo|dalo|daal do|add karo)\s*(?:\n(?<lines>[\s\S]*))?$/i],
  },
  examples: {
    en: ['upload contacts to vip', 'add numbers to my list', 'import my customer numbers', 'I have a file of contacts to upload', 'put these numbers in a list', 'load contacts into a list'],
    tr: ['kişileri yükle vip', 'listeme numara ekle', 'müşteri numaralarımı içe aktar', 'yüklemek istediğim bir kişi dosyam var', 'bu numaraları listeye koy', 'listeye kişi yükle'],
    ur: ['vip mein contacts upload karo', 'meri list mein numbers dalo', 'customers ke numbers import karo', 'mere paas contacts ki file hai upload karni hai', 'yeh numbers list mein daal do', 'list mein contacts add karo'],
  },
  args: [{ name: 'name', type: 'name', required: true, refers: 'list' }, { name: 'lines', type: 'lines', required: false }],
  role: 'manager',
  confirm: false,
  acceptsMedia: ['.txt', '.csv', '.vcf', '.xlsx', '.xlsm', '.xls', '.ods'],
  async handler({ ctx, account, member, lang, args, media, sendTo }) {
    const list = await getListByName(ctx, account.id, args.name!);
    let input: NodeJS.ReadableStream | string;
    let fileName: string | undefined;
    let declaredBytes: number | undefined;
    if (media) {
      const max = ctx.config.maxUploadBytes;
      if (media.sizeBytes !== undefined && media.sizeBytes > max) throw new UploadTooLargeError(media.sizeBytes, max);
      // Streamed from the socket to the parser when the channel can; the byte limit is kept as it flows.
      // A download that breaks off is the network's fault, not the owner's: say so and lose nothing.
      try {
        if (media.stream) {
          input = await media.stream(max);
          declaredBytes = media.sizeBytes;
        } else {
          const data = await media.download(max);
          input = Readable.from([data]);
          declaredBytes = data.length;
        }
      } catch (e) {
        if (isAppError(e)) throw e;
        ctx.log.warn({ err: e }, 'media download failed');
        throw new MediaDownloadError();
      }
      fileName = media.fileName;
    } else if (args.lines) {
      input = args.lines;
    } else {
      throw new UserError(t(lang, 'cmd.upload-contacts.nothing', { name: list.name }));
    }
    const r = await runAccountJob('upload', account.id, () => sendTo(member.phone, { kind: 'text', text: t(lang, 'upload.queued') }),
      () => ingestContacts(ctx, { accountId: account.id, listId: list.id, input, fileName, declaredBytes }));
    const reasons = Object.entries(r.rejected).filter(([, n]) => n > 0)
      .map(([k, n]) => `\n  • ${t(lang, `reason.phone.${k as PhoneRejection}`)}: ${n.toLocaleString('en-US')}`).join('');
    const text = t(lang, 'cmd.upload-contacts.result', {
      name: list.name, accepted: r.accepted.toLocaleString('en-US'), dupFile: r.duplicatesInFile.toLocaleString('en-US'),
      dupList: r.duplicatesInList.toLocaleString('en-US'), rejectedTotal: r.rejectedTotal.toLocaleString('en-US'), reasons,
    });
    if (!r.rejectedLines.length) return text;
    return {
      text,
      files: [{ fileName: `rejected-${list.name.replace(/[^\w.-]+/g, '_')}.txt`, mimetype: 'text/plain', data: Buffer.from(r.rejectedLines.join('\n') + '\n', 'utf8'), caption: t(lang, 'file.rejected_lines.caption', { name: list.name }) }],
    };
  },
};
