// Campaign media (issue 14 item 1): the image, video, audio or document a campaign carries.
// Stored once per account by SHA-256 in `media_files` (so every process of a deployment can
// send it), written on first use to DATA_DIR/media-cache/<sha256> so the WhatsApp channel
// can hand Baileys a file path: Baileys caches the uploaded media by that path
// (`mediaCache`), so a file goes to WhatsApp's media servers once per sender, not once a message.
// Limits are WhatsApp's own (its media guide: images 5 MB, video and audio 16 MB, documents 100 MB).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../app-error.js';
import { msg } from '../i18n/t.js';
import type { Ctx } from '../context.js';
import type { Queryable } from '../db/database.js';
import type { MediaHandle, OutgoingContent } from '../gateway/channel.js';

export type MediaKind = 'image' | 'video' | 'audio' | 'document';

export const MEDIA_LIMITS: Record<MediaKind, number> = {
  image: 5 * 1024 * 1024,
  video: 16 * 1024 * 1024,
  audio: 16 * 1024 * 1024,
  document: 100 * 1024 * 1024,
};

/** Types WhatsApp shows inline; other images and videos would arrive as documents. */
const INLINE_TYPES: Partial<Record<MediaKind, RegExp>> = {
  image: /^image\/(jpeg|png)$/i,
  video: /^video\/(mp4|3gpp)$/i,
  audio: /^audio\/(aac|mp4|mpeg|amr|ogg)(;.*)?$/i,
};

export interface MediaInfo {
  sha256: string;
  kind: MediaKind;
  mimetype: string;
  fileName: string | null;
  sizeBytes: number;
}

export class MediaRefusedError extends AppError {
  override name = 'MediaRefusedError';
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** The kind a campaign sends an attachment as: inline image/video/audio when WhatsApp shows that type, else a document. */
export function campaignMediaKind(handle: Pick<MediaHandle, 'kind' | 'mimetype'>): MediaKind {
  if (handle.kind === 'sticker') throw new MediaRefusedError('campaign.media.sticker');
  const mime = handle.mimetype ?? '';
  for (const kind of ['image', 'video', 'audio'] as const) {
    if (handle.kind === kind && INLINE_TYPES[kind]!.test(mime)) return kind;
  }
  return 'document';
}

/** The kind as the owner reads it, in their language. */
export function humanKind(kind: MediaKind) {
  return msg(`media.kind.${kind}`);
}

export function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? mb(bytes) : `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
}

/** Refuses an attachment over WhatsApp's limit for its kind, naming the limit. */
export function checkMediaSize(kind: MediaKind, bytes: number): void {
  if (bytes > MEDIA_LIMITS[kind]) {
    throw new MediaRefusedError('campaign.media.too_large', { kind: humanKind(kind), size: mb(bytes), max: mb(MEDIA_LIMITS[kind]) });
  }
}

/** Downloads an attachment within its limit and stores it once for the account. */
export async function storeMedia(ctx: Ctx, accountId: number, handle: MediaHandle): Promise<MediaInfo> {
  const kind = campaignMediaKind(handle);
  if (handle.sizeBytes !== undefined) checkMediaSize(kind, handle.sizeBytes);
  let data: Buffer;
  try {
    data = await handle.download(MEDIA_LIMITS[kind]);
  } catch (e) {
    if (e instanceof AppError) throw e;
    // A download refused past the limit, or one that broke off: say which.
    if (handle.sizeBytes === undefined && /larger|limit|max/i.test(String((e as Error)?.message))) checkMediaSize(kind, MEDIA_LIMITS[kind] + 1);
    throw new MediaRefusedError('upload.download_failed');
  }
  checkMediaSize(kind, data.length);
  if (!data.length) throw new MediaRefusedError('upload.download_failed');
  const sha256 = createHash('sha256').update(data).digest('hex');
  const mimetype = handle.mimetype || (kind === 'document' ? 'application/octet-stream' : `${kind}/*`);
  const fileName = kind === 'document' ? handle.fileName?.slice(0, 200) || 'file' : null;
  // The same bytes twice are one file: the first row stays.
  await ctx.db.exec(
    `INSERT INTO media_files (account_id, sha256, kind, mimetype, file_name, size_bytes, data) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (account_id, sha256) DO NOTHING`,
    [accountId, sha256, kind, mimetype, fileName, data.length, data]);
  return { sha256, kind, mimetype, fileName, sizeBytes: data.length };
}

export async function getMediaInfo(q: Queryable, accountId: number, sha256: string): Promise<MediaInfo | undefined> {
  const r = await q.one<{ sha256: string; kind: MediaKind; mimetype: string; file_name: string | null; size_bytes: number }>(
    'SELECT sha256, kind, mimetype, file_name, size_bytes FROM media_files WHERE account_id = $1 AND sha256 = $2', [accountId, sha256]);
  return r && { sha256: r.sha256, kind: r.kind, mimetype: r.mimetype, fileName: r.file_name, sizeBytes: r.size_bytes };
}

/** The file's bytes (the console's preview). */
export async function readMedia(q: Queryable, accountId: number, sha256: string): Promise<{ info: MediaInfo; data: Buffer } | undefined> {
  const r = await q.one<{ kind: MediaKind; mimetype: string; file_name: string | null; size_bytes: number; data: Buffer }>(
    'SELECT kind, mimetype, file_name, size_bytes, data FROM media_files WHERE account_id = $1 AND sha256 = $2', [accountId, sha256]);
  return r && { info: { sha256, kind: r.kind, mimetype: r.mimetype, fileName: r.file_name, sizeBytes: r.size_bytes }, data: r.data };
}

const written = new Set<string>();

/** A local file holding the media (written once per process from the database), by its hash. */
export async function mediaFilePath(ctx: Pick<Ctx, 'db' | 'config'>, accountId: number, sha256: string): Promise<string> {
  const dir = path.join(ctx.config.dataDir, 'media-cache');
  const file = path.join(dir, sha256);
  if (written.has(file) || existsSync(file)) { written.add(file); return file; }
  const r = await readMedia(ctx.db, accountId, sha256);
  if (!r) throw new Error(`media ${sha256} of account ${accountId} is not stored`);
  await mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(tmp, r.data, { mode: 0o600 });
  await rename(tmp, file); // atomic: a concurrent writer of the same bytes is harmless
  written.add(file);
  return file;
}

/** What a channel sends for a message with this media and caption. */
export async function mediaContent(ctx: Pick<Ctx, 'db' | 'config'>, accountId: number, info: MediaInfo, caption: string): Promise<OutgoingContent> {
  return {
    kind: 'media', media: info.kind, path: await mediaFilePath(ctx, accountId, info.sha256), sha256: info.sha256,
    mimetype: info.mimetype, fileName: info.fileName ?? undefined, caption,
  };
}

/** Removes the local copies of files no account stores any more (after an erasure or a purge). */
export async function dropCachedMedia(ctx: Pick<Ctx, 'db' | 'config'>, shas: readonly string[]): Promise<void> {
  if (!shas.length) return;
  const kept = new Set((await ctx.db.query<{ sha256: string }>('SELECT DISTINCT sha256 FROM media_files WHERE sha256 = ANY($1::text[])', [shas])).map((r) => r.sha256));
  for (const sha of shas) {
    if (kept.has(sha)) continue;
    const file = path.join(ctx.config.dataDir, 'media-cache', sha);
    written.delete(file);
    await rm(file, { force: true });
  }
}
