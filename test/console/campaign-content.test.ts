// The console's campaign page shows a campaign's media (a preview served from the stored
// file) and its variants with per-variant counts (issue 14 items 1, 3, 8).
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { createAccount } from '../../src/accounts.js';
import { useTestDb } from '../helpers/pg.js';
import { consoleApp, consoleCtx, makeUser, signIn } from './helpers.js';

describe('console: campaign media and variants', () => {
  const t = useTestDb();

  it('previews the image inline, offers a document as a download, and lists variants with their counts', async () => {
    const { account } = await createAccount(t.db, { name: 'Posters', ownerPhone: '+923001230000' }, { type: 'system' });
    const list = (await t.db.one<{ id: number }>("INSERT INTO contact_lists (account_id, name) VALUES ($1, 'vip') RETURNING id", [account.id]))!;
    const image = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const sha = createHash('sha256').update(image).digest('hex');
    await t.db.exec(`INSERT INTO media_files (account_id, sha256, kind, mimetype, size_bytes, data) VALUES ($1, $2, 'image', 'image/png', $3, $4)`, [account.id, sha, image.length, image]);
    const c = (await t.db.one<{ id: number }>(
      `INSERT INTO campaigns (account_id, list_id, name, body, alternates, media_sha256, status, launched_at) VALUES ($1, $2, 'eid', '{Hi|Salam} {{name}}', '{"Second <b>text</b>"}', $3, 'running', now()) RETURNING id`,
      [account.id, list.id, sha]))!.id;
    await t.db.exec(
      `INSERT INTO outbox (campaign_id, account_id, phone, body, status, variant, credit_state) VALUES
        ($1, $2, '+923011111111', 'Hi A', 'read', 0, 'debited'), ($1, $2, '+923022222222', 'Salam B', 'sent', 1, 'debited'),
        ($1, $2, '+923033333333', 'Salam C', 'delivered', 1, 'debited'), ($1, $2, '+923044444444', 'Second', 'queued', 2, 'reserved')`, [c, account.id]);
    await makeUser(t.db, 'media@example.com', 'viewer');
    const viewer = await signIn(consoleApp(consoleCtx(t.db)), 'media@example.com');
    const page = await viewer.get(`/campaigns/${c}`);
    expect(page.text).to.contain(`<img class="media-preview" src="/campaigns/${c}/media"`).and.contain(sha.slice(0, 16));
    expect(page.text).to.contain('Second &lt;b&gt;text&lt;/b&gt;').and.not.contain('<b>text</b>');
    const rows = [...page.text.matchAll(/<tr><td class="num">(\d)<\/td><td>([^<]*)<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><td class="num">(\d+)<\/td><\/tr>/g)].map((m) => m.slice(1));
    expect(rows).to.deep.equal([['1', 'Hi {{name}}', '1', '1', '1'], ['2', 'Salam {{name}}', '2', '2', '0'], ['3', 'Second &lt;b&gt;text&lt;/b&gt;', '1', '0', '0']]);
    const file = await viewer.get(`/campaigns/${c}/media`).buffer(true);
    expect(file.headers['content-type']).to.contain('image/png');
    expect(file.headers['content-disposition']).to.match(/^inline/);
    expect(Buffer.compare(file.body as Buffer, image)).to.equal(0);

    const doc = Buffer.from('%PDF-1.4 <script>alert(1)</script>');
    const dsha = createHash('sha256').update(doc).digest('hex');
    await t.db.exec(`INSERT INTO media_files (account_id, sha256, kind, mimetype, file_name, size_bytes, data) VALUES ($1, $2, 'document', 'application/pdf', 'menu.pdf', $3, $4)`, [account.id, dsha, doc.length, doc]);
    const d = (await t.db.one<{ id: number }>(`INSERT INTO campaigns (account_id, list_id, name, body, media_sha256) VALUES ($1, $2, 'menu', 'Our menu', $3) RETURNING id`, [account.id, list.id, dsha]))!.id;
    expect((await viewer.get(`/campaigns/${d}`)).text).to.contain('Download menu.pdf');
    const download = await viewer.get(`/campaigns/${d}/media`);
    expect(download.headers['content-disposition']).to.equal('attachment; filename="menu.pdf"');
    expect(download.headers['content-type']).to.contain('application/octet-stream');
    expect((await viewer.get(`/campaigns/${c + 1000}/media`)).status).to.equal(404);
  });
});
