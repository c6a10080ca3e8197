// Contacts as an .xlsx workbook (written by exceljs) through POST /lists/{name}/contacts, and
// a campaign with alternative texts and spintax through POST /campaigns: the same ingest and
// create services as the chat.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, makeSender } from '../helpers/world.js';
import { apiApp, apiCtx, client, makeToken } from './helpers.js';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('api: Excel upload and campaign variants', () => {
  const t = useTestDb();

  it('an .xlsx file as multipart `file` is read as a spreadsheet, with results and reasons; without a file name too', async () => {
    const ctx = apiCtx(t.db);
    const { accountId } = await makeAccount(t.db);
    const api = client(apiApp(ctx), await makeToken(ctx, accountId));
    await api.post('/lists', { name: 'vip' });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Customers');
    ws.addRow(['Name', 'Phone', 'City']);
    ws.addRow(['Ali', '0300 1234567', 'Lahore']);
    ws.addRow(['Sara', 923211234567, 'Karachi']); // a number cell, as Excel keeps phone columns
    ws.addRow(['Shop', '042 35714444', 'Lahore']); // a landline: rejected with its reason
    ws.addRow(['Ali again', '+92 300 1234567', 'Lahore']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    const r = await api.post('/lists/vip/contacts').attach('file', file, { filename: 'customers.xlsx', contentType: XLSX_MIME });
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ format: 'xlsx', accepted: 2, duplicates_in_file: 1 });
    expect(r.body.rejected_total).to.equal(1);
    expect(r.body.rejected_lines[0]).to.match(/042/);
    const rows = await t.db.query<{ phone: string; name: string; variables: Record<string, string> }>(
      'SELECT c.phone, c.name, c.variables FROM contacts c JOIN contact_lists l ON l.id = c.list_id WHERE l.account_id = $1 ORDER BY c.phone', [accountId]);
    expect(rows.map((x) => [x.phone, x.name])).to.deep.equal([['+923001234567', 'Ali'], ['+923211234567', 'Sara']]);
    expect(rows[0]!.variables).to.deep.include({ city: 'Lahore' });

    // A client that gives no file name: the workbook is still known by its bytes.
    await api.post('/lists', { name: 'vip2' });
    const anon = await api.post('/lists/vip2/contacts').attach('file', file, { filename: 'blob', contentType: 'application/octet-stream' });
    expect(anon.status).to.equal(200);
    expect(anon.body).to.include({ format: 'xlsx', accepted: 2 });
  });

  it('a campaign text with `---` alternatives and spintax makes variants, refused over the limit like the chat', async () => {
    const ctx = apiCtx(t.db);
    const { accountId } = await makeAccount(t.db, { credits: 10, plan: { min_campaign_size: 1 } });
    await makeSender(t.db, accountId);
    const api = client(apiApp(ctx, { api: { sendWhatsApp: async () => undefined } }), await makeToken(ctx, accountId));
    await api.post('/lists', { name: 'vip' });
    await api.post('/lists/vip/contacts', { contacts: [{ phone: '+923001110001', name: 'Ali' }] });
    const r = await api.post('/campaigns', { name: 'eid', list: 'vip', text: '{Hi|Hello} {{name}}, Eid Mubarak!\n---\nSalam {{name}}, Eid offers inside.' });
    expect(r.status).to.equal(201);
    expect(r.body.variants).to.equal(3);
    expect(r.body.text).to.equal('{Hi|Hello} {{name}}, Eid Mubarak!');
    expect(r.body.preview).to.match(/(Hi|Hello|Salam) Ali/);
    expect((await api.get('/campaigns/eid')).body.variants).to.equal(3);
    const tooMany = await api.post('/campaigns', { name: 'big', list: 'vip', text: Array.from({ length: 12 }, (_, i) => `text ${i}`).join('\n---\n') });
    expect(tooMany.status).to.be.within(400, 499);
    expect(tooMany.body.code).to.match(/^campaign\.too_many_/);
  });
});
