// Campaign media through the API (issue 15 item 2): a file as multipart `file` beside the
// campaign's fields, or `media_sha256` of a file already stored (POST /media, or by chat), in
// the same media store (media_files, once per account by SHA-256); and the JSON contacts
// upload's report: format "json", rejects numbered by their position in `contacts`.
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount } from '../helpers/world.js';
import { apiApp, apiCtx, client, makeToken } from './helpers.js';

// A 1×1 PNG: an image WhatsApp shows inline.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('api: campaign media and the JSON upload report', () => {
  const t = useTestDb();

  it('POST /campaigns with a multipart file stores it once by SHA-256; a second campaign refers to it by media_sha256; an unknown hash is a 404', async () => {
    const ctx = apiCtx(t.db);
    const { accountId } = await makeAccount(t.db);
    const api = client(apiApp(ctx), await makeToken(ctx, accountId));
    await api.post('/lists', { name: 'vip' });
    await api.post('/lists/vip/contacts', { contacts: [{ phone: '+923001110001', name: 'Ali' }] });

    const r = await api.post('/campaigns').field('name', 'eid').field('list', 'vip').field('text', 'Eid Mubarak {{name}}!')
      .attach('file', PNG, { filename: 'poster.png', contentType: 'image/png' });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body).to.include({ name: 'eid', text: 'Eid Mubarak {{name}}!', media_sha256: sha(PNG) });
    expect(r.body.media).to.deep.equal({ sha256: sha(PNG), kind: 'image', mimetype: 'image/png', file_name: null, size_bytes: PNG.length });

    // The same bytes uploaded on their own are the same file.
    const m = await api.post('/media').attach('file', PNG, { filename: 'again.png', contentType: 'image/png' });
    expect(m.status).to.equal(201);
    expect(m.body.sha256).to.equal(sha(PNG));
    const stored = await t.db.query<{ sha256: string; kind: string }>('SELECT sha256, kind FROM media_files WHERE account_id = $1', [accountId]);
    expect(stored).to.deep.equal([{ sha256: sha(PNG), kind: 'image' }]);

    // A reference in a JSON body, and a document by its type.
    const byRef = await api.post('/campaigns', { name: 'eid2', list: 'vip', text: 'Offers', media_sha256: sha(PNG) });
    expect(byRef.status).to.equal(201);
    expect(byRef.body.media.kind).to.equal('image');
    expect((await api.get('/campaigns/eid2')).body.media_sha256).to.equal(sha(PNG));
    const pdf = Buffer.from('%PDF-1.4\n% a price list\n');
    const doc = await api.post('/campaigns').field('name', 'prices').field('list', 'vip').field('text', 'Our prices')
      .attach('file', pdf, { filename: 'prices.pdf', contentType: 'application/pdf' });
    expect(doc.status).to.equal(201);
    expect(doc.body.media).to.include({ kind: 'document', file_name: 'prices.pdf', mimetype: 'application/pdf' });

    const unknown = await api.post('/campaigns', { name: 'eid3', list: 'vip', text: 'x', media_sha256: 'f'.repeat(64) });
    expect(unknown.status).to.equal(404);
    expect(unknown.headers['content-type']).to.contain('application/problem+json');
    expect(unknown.body.code).to.equal('api.media.not_found');
    // Multipart fields are checked by the same schema as JSON.
    const noText = await api.post('/campaigns').field('name', 'eid4').field('list', 'vip').attach('file', PNG, { filename: 'p.png', contentType: 'image/png' });
    expect(noText.status).to.equal(400);
    expect(noText.body.errors.map((e: { path: string }) => e.path)).to.include('body.text');
    // An image over WhatsApp's 5 MB: refused with the chat's code, nothing stored.
    const big = await api.post('/campaigns').field('name', 'huge').field('list', 'vip').field('text', 'x')
      .attach('file', Buffer.alloc(5 * 1024 * 1024 + 1, 1), { filename: 'huge.png', contentType: 'image/png' });
    expect(big.body.code).to.equal('campaign.media.too_large');
    expect((await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM campaigns WHERE name = $1', ['huge']))!.n).to.equal(0);
  });

  it('the OpenAPI document describes media on POST /campaigns (multipart fields + file, media_sha256) and POST /media', async () => {
    const ctx = apiCtx(t.db);
    const doc = (await client(apiApp(ctx), 'none').get('/openapi.json')).body;
    const create = doc.paths['/campaigns'].post.requestBody.content;
    expect(create['application/json'].schema.properties).to.have.property('media_sha256');
    expect(create['multipart/form-data'].schema.properties).to.include.keys('name', 'list', 'text', 'file');
    expect(create['multipart/form-data'].schema.required).to.include.members(['name', 'list', 'text']);
    expect(doc.paths['/media'].post.requestBody.content['multipart/form-data'].schema.required).to.deep.equal(['file']);
  });

  it('a JSON contacts upload is reported as "json", its rejects numbered by their position in `contacts` (from 1)', async () => {
    const ctx = apiCtx(t.db);
    const { accountId } = await makeAccount(t.db);
    const api = client(apiApp(ctx), await makeToken(ctx, accountId));
    await api.post('/lists', { name: 'vip' });
    const r = await api.post('/lists/vip/contacts', { contacts: [
      { phone: '+923001110001', name: 'Ali' },
      { phone: '042 35714444', name: 'Shop' }, // the 2nd contact: a landline
      { phone: '+923001110003', name: 'Sara' },
      { phone: '12', name: 'Short' }, // the 4th: too short
    ] });
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ format: 'json', accepted: 2, rejected_total: 2 });
    expect(r.body.rejected_lines).to.have.length(2);
    expect(r.body.rejected_lines[0]).to.match(/^line 2: 042 35714444 /);
    expect(r.body.rejected_lines[1]).to.match(/^line 4: 12 /);
    // A CSV file keeps its own line numbers (the header is line 1).
    const csv = await api.post('/lists/vip/contacts').attach('file', Buffer.from('phone,name\n042 35714444,Shop\n'), { filename: 'c.csv', contentType: 'text/csv' });
    expect(csv.body.format).to.equal('csv');
    expect(csv.body.rejected_lines[0]).to.match(/^line 2: /);
  });
});
