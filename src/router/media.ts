// Attachments the chat accepts: contact files (text, CSV, vCard, Excel; .xls and .ods reach
// the upload so its reply can say what to save them as) and campaign media (create campaign, attach).
import type { MediaHandle } from '../gateway/channel.js';

export const CONTACT_FILE_EXTENSIONS = ['.txt', '.csv', '.vcf', '.xlsx', '.xlsm', '.xls', '.ods'] as const;
const CONTACT_MIMETYPES = /^(text\/(plain|csv|x-csv|comma-separated-values|vcard|x-vcard)|application\/(csv|vnd\.ms-excel|vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet|vnd\.oasis\.opendocument\.spreadsheet|octet-stream))\b/i;

export function mediaExtension(media: MediaHandle): string {
  const m = /\.[a-z0-9]{1,8}$/i.exec(media.fileName ?? '');
  return m ? m[0].toLowerCase() : '';
}

/** An attachment some command may take: a contact file, or a campaign's image, video, audio or document. */
export function isAcceptedMedia(media: MediaHandle): boolean {
  return isContactFile(media) || isCampaignMedia(media);
}

/** Anything WhatsApp sends as an image, video, audio or document (not a sticker). */
export function isCampaignMedia(media: MediaHandle): boolean {
  return media.kind === 'image' || media.kind === 'video' || media.kind === 'audio' || media.kind === 'document';
}

/** Whether this command takes this attachment. */
export function commandTakesMedia(spec: { acceptsMedia?: readonly string[]; acceptsCampaignMedia?: boolean }, media: MediaHandle): boolean {
  if (spec.acceptsCampaignMedia && isCampaignMedia(media)) return true;
  if (!spec.acceptsMedia || !isContactFile(media)) return false;
  const ext = mediaExtension(media);
  return !ext || spec.acceptsMedia.includes(ext);
}

/** A document named .txt/.csv/.vcf/.xlsx… (or with no name but a text/csv/vcard type). */
export function isContactFile(media: MediaHandle): boolean {
  if (media.kind !== 'document') return false;
  const ext = mediaExtension(media);
  if (ext) return (CONTACT_FILE_EXTENSIONS as readonly string[]).includes(ext);
  return CONTACT_MIMETYPES.test(media.mimetype ?? '') && !/octet-stream/i.test(media.mimetype ?? '');
}
