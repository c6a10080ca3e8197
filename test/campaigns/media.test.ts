// Media campaigns (issue 14 item 1): a poster sent with "create campaign …" or "attach to NAME",
// WhatsApp's size limits, one stored copy per file, a demo that is exactly the recipients'
// message, one upload to WhatsApp per sender however many recipients (Baileys' own
// prepareWAMessageMedia through the channel's mediaCache), the sandbox's media columns,
// export, erasure and retention.
import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { generateWAMessage, proto, type WAMessage } from '@whiskeysockets/baileys';
import { eraseAccount, exportAccountData } from '../../src/account-data.js';
import { SYSTEM } from '../../src/audit.js';
import { getCampaign, launchCampaign } from '../../src/campaigns/index.js';
import { createList } from '../../src/contacts/index.js';
import { mediaContent, type MediaInfo } from '../../src/content/media.js';
import { renderMessage } from '../../src/content/variants.js';
import { claimForSender } from '../../src/dispatch/claim.js';
import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import { usePostgresAuthState } from '../../src/gateway/auth-store.js';
import type { Channel, OutgoingContent } from '../../src/gateway/channel.js';
import { SandboxChannel } from '../../src/gateway/sandbox-channel.js';
import { PINNED_WA_VERSION } from '../../src/gateway/wa-version.js';
import { WhatsAppChannel, type SocketFactory } from '../../src/gateway/whatsapp-channel.js';
import { runRetentionPurge } from '../../src/retention.js';
import { addSession } from '../../src/senders/index.js';
import { silentLog, useTestDb } from '../helpers/pg.js';
import { fillList, makeSender } from '../helpers/world.js';
import { FakeSocket, ManualScheduler } from '../gateway/helpers/fake-socket.js';
import { createWorld, fileMedia, type World } from '../router/router-world.js';

// A real PNG (1×1) padded with a text chunk to the size wanted.
function png(extraBytes = 0, seed = 'a'): Buffer {
  const head = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000'
    + '1f15c4890000000d49444154789c6300010000050001'
    + '0d0a2db40000000049454e44ae426082', 'hex');
  return Buffer.concat([head, Buffer.alloc(extraBytes, seed)]);
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

class RecordingChannel extends EventEmitter {
  readonly transport = 'whatsapp' as const;
  sent: Array<{ to: string; content: OutgoingContent }> = [];
  constructor(readonly sessionId: number) { super(); }
  async connect() {}
  async close() {}
  async send(to: string, content: OutgoingContent, opts: { messageId?: string } = {}) {
    this.sent.push({ to, content });
    return { messageId: opts.messageId!, at: new Date() };
  }
}

describe('media campaigns through chat', () => {
  const t = useTestDb();
  let w: World;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wa-media-'));
  before(async () => { w = await createWorld(t.db, { DATA_DIR: dataDir }); });

  it('a poster sent with "create campaign NAME for LIST: TEXT" becomes the campaign\'s media, stored once; the demo is the recipients\' message', async () => {
    const a = await w.newAccount({ credits: 5000 });
    await t.db.exec(`UPDATE plans SET min_campaign_size = 1 WHERE id = (SELECT plan_id FROM accounts WHERE id = $1)`, [a.accountId]).catch(() => undefined);
    const list = await createList(w.ctx, a.accountId, 'vip');
    await fillList(t.db, list.id, 4);
    const poster = png(2000);
    const created = (await w.send(a.phone, 'create campaign eid for vip: Eid Mubarak {{name|friend}}!', { media: fileMedia('poster.png', poster, 'image', 'image/png') })).join('\n');
    expect(created).to.include('Campaign "eid" created').and.include('sends your image');
    const c = await getCampaign(w.ctx, a.accountId, 'eid');
    expect(c.media_sha256).to.equal(sha(poster));
    // The same poster again (attached to another draft) is the same stored file.
    await w.send(a.phone, 'create campaign eid2 for vip: Second offer');
    const attached = (await w.send(a.phone, 'attach to eid2', { media: fileMedia('poster-copy.png', poster, 'image', 'image/png') })).join('\n');
    expect(attached).to.include('is now the media of "eid2"');
    expect((await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM media_files WHERE account_id = $1', [a.accountId]))!.n).to.equal(1);

    const before = w.sent.length;
    await w.send(a.phone, 'send demo eid');
    const demo = w.sent.slice(before).map((s) => s.content).filter((x) => x.kind === 'media');
    expect(demo).to.have.length(1);
    const shown = demo[0] as Extract<OutgoingContent, { kind: 'media' }>;
    expect(shown).to.deep.include({ media: 'image', mimetype: 'image/png', sha256: sha(poster), caption: 'Eid Mubarak Name 0!' });
    expect(existsSync(shown.path)).to.equal(true);

    // Launch and dispatch: every recipient gets that file with their own caption, as the demo showed.
    await t.db.exec(`UPDATE plans SET min_campaign_size = 1 WHERE id = (SELECT plan_id FROM accounts WHERE id = $1)`, [a.accountId]);
    const sid = await makeSender(t.db, a.accountId, { pacingMs: [0, 0] });
    await launchCampaign(w.ctx, a.accountId, 'eid', SYSTEM);
    const ch = new RecordingChannel(sid);
    const d = new Dispatcher(w.ctx, { channel: () => ch as unknown as Channel, ownedSessionIds: () => [sid] });
    for (let i = 0; i < 5; i++) {
      const b = await claimForSender(t.db, w.ctx.config, w.clock, sid);
      if (!b) break;
      await d.dispatch(b);
    }
    expect(ch.sent).to.have.length(4);
    const first = ch.sent.find((s) => s.to === '+923000000000')!.content;
    expect(first).to.deep.equal(shown);
    for (const s of ch.sent) expect(s.content).to.deep.include({ kind: 'media', sha256: sha(poster), path: shown.path });
  });

  it('refuses files over WhatsApp\'s limit, naming it, and stickers; a Turkish owner reads it in Turkish', async () => {
    const a = await w.newAccount({ language: 'tr' });
    await fillList(t.db, (await createList(w.ctx, a.accountId, 'vip')).id, 1); // an empty list is refused before any file is looked at
    const big = (await w.send(a.phone, 'kampanya oluştur afis vip: Büyük indirim', { media: fileMedia('big.jpg', Buffer.alloc(6 * 1024 * 1024, 1), 'image', 'image/jpeg') })).join('\n');
    expect(big).to.include('6.0 MB').and.include('en fazla 5.0 MB');
    const video = (await w.send(a.phone, 'kampanya oluştur film vip: Yeni sezon', { media: fileMedia('v.mp4', Buffer.alloc(17 * 1024 * 1024, 1), 'video', 'video/mp4') })).join('\n');
    expect(video).to.include('en fazla 16 MB');
    expect((await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM campaigns WHERE account_id = $1', [a.accountId]))!.n).to.equal(0);
    const pdf = (await w.send(a.phone, 'kampanya oluştur katalog vip: Yeni katalog', { media: fileMedia('katalog.pdf', Buffer.from('%PDF-1.4 test'), 'document', 'application/pdf') })).join('\n');
    expect(pdf).to.include('belge');
    const sticker = (await w.send(a.phone, 'kampanya oluştur st vip: Merhaba', { media: fileMedia('s.webp', Buffer.alloc(100, 1), 'sticker', 'image/webp') })).join('\n');
    expect(sticker).to.include('kullanılmadı');
  });

  it('the sandbox records media_kind, media_mime and media_sha256 for a media send, NULL for text', async () => {
    const { id } = await addSession(t.db, { transport: 'sandbox', purpose: 'both' });
    const sb = new SandboxChannel({ sessionId: id, db: t.db, log: silentLog, deliveredMs: 5, readMs: 10, failureRate: 0 });
    await sb.connect();
    const a = await w.newAccount();
    const info: MediaInfo = { sha256: sha(png(10, 'z')), kind: 'image', mimetype: 'image/png', fileName: null, sizeBytes: png(10, 'z').length };
    await t.db.exec(`INSERT INTO media_files (account_id, sha256, kind, mimetype, size_bytes, data) VALUES ($1, $2, 'image', 'image/png', $3, $4)`,
      [a.accountId, info.sha256, info.sizeBytes, png(10, 'z')]);
    const m = await sb.send('+923001112222', await mediaContent(w.ctx, a.accountId, info, 'Caption here'));
    const tx = await sb.send('+923001112222', { kind: 'text', text: 'plain' });
    const rows = await t.db.query<{ wa_message_id: string; body: string; media_kind: string | null; media_mime: string | null; media_sha256: string | null }>(
      'SELECT wa_message_id, body, media_kind, media_mime, media_sha256 FROM sandbox_messages WHERE wa_message_id = ANY($1) ORDER BY id', [[m.messageId, tx.messageId]]);
    expect(rows.map(({ wa_message_id: _, ...r }) => r)).to.deep.equal([
      { body: 'Caption here', media_kind: 'image', media_mime: 'image/png', media_sha256: info.sha256 },
      { body: 'plain', media_kind: null, media_mime: null, media_sha256: null },
    ]);
    await sb.close();
  });

  it('counts the files in the account\'s export, erases them with the account, and retention purges them with the campaign', async () => {
    const a = await w.newAccount();
    await fillList(t.db, (await createList(w.ctx, a.accountId, 'vip')).id, 1);
    const file = Buffer.from('%PDF-1.4 price list');
    await w.send(a.phone, 'create campaign prices for vip: Our prices', { media: fileMedia('prices.pdf', file, 'document', 'application/pdf') });
    const exported = await exportAccountData(w.ctx, a.accountId) as { mediaFiles: Array<Record<string, unknown>> };
    expect(exported.mediaFiles).to.have.length(1);
    expect(exported.mediaFiles[0]).to.deep.include({ sha256: sha(file), kind: 'document', mimetype: 'application/pdf', file_name: 'prices.pdf', size_bytes: file.length, campaigns: ['prices'] });

    // Retention: a cancelled campaign past the message retention lets go of its file, which is then deleted.
    const b = await w.newAccount();
    await createList(w.ctx, b.accountId, 'vip');
    const old = Buffer.from('%PDF-1.4 old flyer');
    await w.send(b.phone, 'create campaign flyer for vip: Old flyer', { media: fileMedia('flyer.pdf', old, 'document', 'application/pdf') });
    await t.db.exec(`UPDATE campaigns SET status = 'cancelled', cancelled_at = '2025-10-01', updated_at = '2025-10-01' WHERE account_id = $1`, [b.accountId]);
    // (The world's clock is 2026-03-02: 90 days back is early December 2025.)
    await t.db.exec(`UPDATE media_files SET created_at = '2025-10-01' WHERE account_id = $1`, [b.accountId]);
    const counts = await runRetentionPurge(w.ctx);
    expect(counts.mediaFilesDeleted).to.be.at.least(1);
    expect((await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM media_files WHERE account_id = $1', [b.accountId]))!.n).to.equal(0);
    expect((await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM media_files WHERE account_id = $1', [a.accountId]))!.n, 'a recent file stays').to.equal(1);

    const demoPath = path.join(dataDir, 'media-cache', sha(file));
    await w.send(a.phone, 'send demo prices');
    expect(existsSync(demoPath)).to.equal(true);
    await eraseAccount(w.ctx, a.accountId, SYSTEM);
    expect((await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM media_files WHERE account_id = $1', [a.accountId]))!.n).to.equal(0);
    expect(existsSync(demoPath), 'the local copy goes too').to.equal(false);
  });
});

/** A fake socket whose sendMessage runs Baileys' real message generation (prepareWAMessageMedia) with a counting upload. */
class UploadingSocket extends FakeSocket {
  static uploads = 0;
  override async sendMessage(jid: string, content: any, options?: { messageId?: string }): Promise<WAMessage> {
    const msg = await generateWAMessage(jid, content, {
      userJid: '923009999999@s.whatsapp.net', messageId: options?.messageId, logger: silentLog as any,
      mediaCache: (this.config as any).mediaCache,
      upload: async () => { UploadingSocket.uploads++; return { mediaUrl: 'https://mmg.example.invalid/x', directPath: '/v/t62/x' }; },
    } as any);
    this.sent.push({ jid, content: msg.message, messageId: options?.messageId });
    return proto.WebMessageInfo.fromObject({ key: { remoteJid: jid, fromMe: true, id: options?.messageId ?? 'GEN' }, messageTimestamp: 1_700_000_000 }) as WAMessage;
  }
}

describe('media campaigns on WhatsApp: one upload per sender, not per message', () => {
  const t = useTestDb();

  it('sends a PDF to 1,000 recipients through Baileys\' prepareWAMessageMedia with one upload, and reuses its media fields', async function () {
    this.timeout(120_000);
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wa-media-up-'));
    const { testCtx } = await import('../helpers/world.js');
    const ctx = testCtx(t.db, { DATA_DIR: dataDir });
    const accountId = (await t.db.one<{ id: number }>(`INSERT INTO accounts (name, plan_id) SELECT 'uploads', id FROM plans ORDER BY id LIMIT 1 RETURNING id`))!.id;
    const file = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200_000)]);
    const info: MediaInfo = { sha256: sha(file), kind: 'document', mimetype: 'application/pdf', fileName: 'catalogue.pdf', sizeBytes: file.length };
    await t.db.exec(`INSERT INTO media_files (account_id, sha256, kind, mimetype, file_name, size_bytes, data) VALUES ($1, $2, 'document', 'application/pdf', 'catalogue.pdf', $3, $4)`,
      [accountId, info.sha256, file.length, file]);
    const sessionId = (await addSession(t.db, { transport: 'whatsapp', purpose: 'both' })).id;
    const auth = await usePostgresAuthState(t.db, sessionId, randomBytes(32));
    auth.state.creds.me = { id: '923009999999:7@s.whatsapp.net' };
    await auth.saveCreds();
    const sockets: UploadingSocket[] = [];
    const make: SocketFactory = (config) => { const s = new UploadingSocket(config); sockets.push(s); return s; };
    const channel = new WhatsAppChannel({ sessionId, db: t.db, log: silentLog, auth, version: async () => PINNED_WA_VERSION, makeSocket: make, scheduler: new ManualScheduler(), backoff: { baseMs: 1000, capMs: 1000, stableMs: 1000 } });
    await channel.connect();
    sockets[0]!.open();
    UploadingSocket.uploads = 0;
    const started = Date.now();
    for (let i = 0; i < 1000; i++) {
      const phone = `+92300${String(1000000 + i)}`;
      await channel.send(phone, await mediaContent(ctx, accountId, info, renderMessage({ id: 1, body: 'Catalogue for {{name|you}}' }, phone, { name: `N${i}` }).text), { messageId: `3EB0${String(i).padStart(16, '0')}` });
    }
    const ms = Date.now() - started;
    const docs = sockets[0]!.sent.map((s) => s.content.documentMessage);
    expect(docs).to.have.length(1000);
    expect(UploadingSocket.uploads, 'uploads per 1,000 sends').to.equal(1);
    // Every recipient's message carries the one upload's fields, with its own caption.
    expect(new Set(docs.map((d: any) => Buffer.from(d.mediaKey).toString('hex'))).size).to.equal(1);
    expect(new Set(docs.map((d: any) => d.directPath))).to.deep.equal(new Set(['/v/t62/x']));
    expect(docs[7].caption).to.equal('Catalogue for N7');
    expect(Buffer.from(docs[0].fileSha256).toString('hex')).to.equal(info.sha256);
    console.log(`      uploads per 1,000 media sends: ${UploadingSocket.uploads} (Baileys uploads on every send without a mediaCache); 1,000 sends in ${ms} ms`);
    await channel.close();
  });
});
