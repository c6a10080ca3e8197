// Attachments the chat accepts: contact files (text, CSV, vCard, Excel; .xls and .ods reach
// the upload so its reply can say what to save them as).
import type { MediaHandle } from '../gateway/channel.js';

export const CONTACT_FILE_EXTENSIONS = ['.txt', '.csv', '.vcf', '.xlsx', '.xlsm', '.xls', '.ods'] as const;
const CONTACT_MIMETYPES = /^(text\/(plain|csv|x-csv|comma-separated-values|vcard|x-vcard)|application\/(csv|vnd\.ms-excel|vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet|vnd\.oasis\.opendocument\.spreadsheet|octet-stream))\b/i;

export function mediaExtension(media: MediaHandle): string {
  const m = /\.[a-z0-9]{1,8}$/i.exec(media.fileName ?? '');
  return m ? m[0].toLowerCase() : '';
}

/** A document named .txt/.csv/.vcf (or with no name but a text/csv/vcard type). */
export function isAcceptedMedia(media: MediaHandle): boolean {
  if (media.kind !== 'document') return false;
  const ext = mediaExtension(media);
  if (ext) return (CONTACT_FILE_EXTENSIONS as readonly string[]).includes(ext);
  return CONTACT_MIMETYPES.test(media.mimetype ?? '') && !/octet-stream/i.test(media.mimetype ?? '');
}
