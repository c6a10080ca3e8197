// Excel contact files: real .xlsx workbooks written by exceljs and one zipped by hand (inline
// strings, the sheet before the workbook part), numbers Excel stores as numbers, and the
// formats we do not read answered with what to save them as.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createList, ingestContacts, UploadTooLargeError } from '../../src/contacts/index.js';
import { ContactFileError } from '../../src/contacts/errors.js';
import type { Ctx } from '../../src/context.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, testCtx } from '../helpers/world.js';
import { createWorld, fileMedia, type World } from '../router/router-world.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../test/fixtures/contacts/${name}`, import.meta.url));
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function workbook(sheets: Array<{ name: string; rows: unknown[][] }>, opts: { sharedStrings?: boolean } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  // exceljs writes shared strings by default; the streaming writer can write inline strings instead.
  if (opts.sharedStrings === false) {
    const chunks: Buffer[] = [];
    const { PassThrough } = await import('node:stream');
    const out = new PassThrough();
    out.on('data', (c: Buffer) => chunks.push(c));
    const sw = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    for (const s of sheets) {
      const ws = sw.addWorksheet(s.name);
      for (const r of s.rows) ws.addRow(r).commit();
      ws.commit();
    }
    await sw.commit();
    return Buffer.concat(chunks);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('contact ingest: spreadsheets', () => {
  const t = useTestDb();
  let ctx: Ctx;
  let accountId: number;
  let n = 0;
  const newList = async () => (await createList(ctx, accountId, `sheet ${n++}`)).id;
  const contactsOf = (listId: number) => ctx.db.query<{ phone: string; name: string | null; variables: Record<string, string> }>(
    'SELECT phone, name, variables FROM contacts WHERE list_id = $1 ORDER BY phone', [listId]);

  before(async () => {
    ctx = testCtx(t.db);
    ({ accountId } = await makeAccount(ctx.db));
  });

  it('reads the first sheet of an .xlsx: header found, numbers stored as numbers, lost leading zeros, extra columns as variables', async () => {
    const listId = await newList();
    const data = await workbook([
      { name: 'Customers', rows: [
        ['Customer Name', 'Mobile', 'City', 'Due'],
        ['Ali Raza', 923001234567, 'Lahore', 1500],       // a number cell: Excel would show 9.23001E+11
        ['Sana', 3009876543, 'Karachi', 99.5],            // 0300… typed into a number cell: the 0 is gone
        [],                                               // an empty row
        ['Bilal', '0321-7654321', { richText: [{ text: 'Multan' }] }, null],
        ['Landline', '042 3571 4444', 'Lahore', 0],
      ] },
      { name: 'Other', rows: [['Mobile'], ['03335551212']] }, // not read: the first sheet only
    ]);
    const r = await ingestContacts(ctx, { accountId, listId, input: Readable.from([data]), fileName: 'customers.xlsx' });
    expect(r.format).to.equal('xlsx');
    expect(r.accepted).to.equal(3);
    expect(r.rejected.landline).to.equal(1);
    expect(r.rejectedLines).to.deep.equal(['line 6: 042 3571 4444 (landline, cannot receive WhatsApp)']);
    const rows = await contactsOf(listId);
    expect(rows.map((c) => c.phone)).to.deep.equal(['+923001234567', '+923009876543', '+923217654321']);
    expect(rows[0]).to.deep.include({ name: 'Ali Raza', variables: { city: 'Lahore', due: '1500' } });
    expect(rows[1]).to.deep.include({ name: 'Sana', variables: { city: 'Karachi', due: '99.5' } });
    expect(rows[2]).to.deep.include({ name: 'Bilal', variables: { city: 'Multan' } });
  });

  it('reads a sheet with no header row and inline strings (the streaming writer), columns guessed as in a CSV', async () => {
    const listId = await newList();
    const data = await workbook([{ name: 'S', rows: [[923001112222, 'Kamran', 'Gold'], [923004445555, 'Ahmed', 'Silver']] }], { sharedStrings: false });
    const r = await ingestContacts(ctx, { accountId, listId, input: Readable.from([data]) }); // no file name: judged by content
    expect(r.format).to.equal('xlsx');
    expect(r.accepted).to.equal(2);
    const rows = await contactsOf(listId);
    expect(rows[0]).to.deep.include({ phone: '+923001112222', name: 'Kamran', variables: { col3: 'Gold' } });
  });

  it('reads a workbook zipped by hand (no shared strings, the sheet stored before the workbook part), Turkish headers', async () => {
    // A Turkish account: 5339876543 is 0533 987 65 43 whose leading 0 Excel dropped.
    const tr = await makeAccount(ctx.db);
    await ctx.db.exec(`UPDATE accounts SET default_country = 'TR' WHERE id = $1`, [tr.accountId]);
    const listId = (await createList(ctx, tr.accountId, 'tr sheet')).id;
    const r = await ingestContacts(ctx, { accountId: tr.accountId, listId, input: createReadStream(fixture('handmade-inline-strings.xlsx')), fileName: 'liste.xlsx' });
    expect(r.format).to.equal('xlsx');
    expect(r.accepted).to.equal(2);
    expect(r.rejected.landline).to.equal(1);
    const rows = await contactsOf(listId);
    expect(rows.map((c) => c.phone)).to.deep.equal(['+905321234567', '+905339876543']);
    expect(rows[0]).to.deep.include({ name: 'Ayşe Yılmaz', variables: { 'şehir': 'İzmir' } });
  });

  it('keeps the byte limit while a workbook streams, and stores nothing', async () => {
    const small = testCtx(t.db, { MAX_UPLOAD_BYTES: '20000' });
    const listId = await newList();
    const rows: unknown[][] = [['Mobile', 'Note']];
    // Random notes so the zip cannot shrink them below the limit.
    for (let i = 0; i < 2000; i++) rows.push([923000000000 + i, Math.random().toString(36).repeat(3)]);
    const data = await workbook([{ name: 'Big', rows }]);
    expect(data.length).to.be.greaterThan(20000);
    // Announced size unknown: the limit must hold as the bytes flow, in small chunks.
    const chunks: Buffer[] = [];
    for (let i = 0; i < data.length; i += 4096) chunks.push(data.subarray(i, i + 4096));
    let err: unknown;
    try { await ingestContacts(small, { accountId, listId, input: Readable.from(chunks), fileName: 'big.xlsx' }); } catch (e) { err = e; }
    expect(err).to.be.instanceOf(UploadTooLargeError);
    expect((await contactsOf(listId)).length).to.equal(0);
  });

  it('answers .xls, .ods and a broken workbook with "save as .xlsx or .csv"', async () => {
    const listId = await newList();
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4000, 1)]);
    const ods = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from('mimetypeapplication/vnd.oasis.opendocument.spreadsheet', 'latin1'), Buffer.alloc(500)]);
    const good = await workbook([{ name: 'A', rows: [['Mobile'], [923001234567]] }]);
    const broken = good.subarray(0, Math.floor(good.length / 2));
    for (const [input, fileName, kind] of [[ole, 'old.xls', '.xls'], [ods, 'contacts.ods', '.ods'], [ole, undefined, '.xls'], [broken, 'cut.xlsx', '.xlsx']] as const) {
      let err: unknown;
      try { await ingestContacts(ctx, { accountId, listId, input: Readable.from([input]), fileName }); } catch (e) { err = e; }
      expect(err, String(fileName)).to.be.instanceOf(ContactFileError);
      expect((err as ContactFileError).code).to.equal('upload.sheet_format');
      expect((err as ContactFileError).message).to.include(kind).and.include('.xlsx').and.include('.csv');
    }
  });

  it('writes out an Excel CSV number in scientific notation when every digit is there, refuses it when Excel rounded it', async () => {
    const listId = await newList();
    const r = await ingestContacts(ctx, { accountId, listId, input: 'Name,Mobile\nAli,9.23001E+11\nSana,9.23009876543E+11\nBilal,923217654321\n', fileName: 'export.csv' });
    expect(r.accepted).to.equal(2);
    expect(r.rejected.excel_rounded).to.equal(1);
    expect(r.rejectedLines[0]).to.equal('line 2: 9.23001E+11 (shortened by Excel, format the column as Text)');
    expect((await contactsOf(listId)).map((c) => c.phone)).to.deep.equal(['+923009876543', '+923217654321']);
  });
});

describe('chat: spreadsheet uploads', () => {
  const t = useTestDb();
  let w: World;
  before(async () => { w = await createWorld(t.db); });

  it('an .xlsx sent with "upload contacts to NAME" is read; an .xls gets the save-as reply in the owner\'s language', async () => {
    const a = await w.newAccount({ language: 'tr' });
    await t.db.exec(`UPDATE accounts SET default_country = 'TR' WHERE id = $1`, [a.accountId]);
    await createList(w.ctx, a.accountId, 'vip');
    const data = await workbook([{ name: 'A', rows: [['İsim', 'Telefon'], ['Ayşe', 905321234567], ['Can', 5339876543]] }]);
    const ok = (await w.send(a.phone, 'kişileri yükle vip', { media: fileMedia('kişiler.xlsx', data, 'document', XLSX_MIME) })).join('\n');
    expect(ok).to.include('2 numara eklendi');
    const contacts = await t.db.query<{ phone: string }>(`SELECT c.phone FROM contacts c JOIN contact_lists l ON l.id = c.list_id WHERE l.account_id = $1 ORDER BY 1`, [a.accountId]);
    expect(contacts.map((c) => c.phone)).to.deep.equal(['+905321234567', '+905339876543']);
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(2000)]);
    const old = (await w.send(a.phone, 'kişileri yükle vip', { media: fileMedia('eski.xls', ole, 'document', 'application/vnd.ms-excel') })).join('\n');
    expect(old).to.include('.xls dosyası burada okunamıyor').and.include('.xlsx').and.include('.csv');
    const u = await w.newAccount({ language: 'ur' });
    await createList(w.ctx, u.accountId, 'vip');
    const odsFile = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from('mimetypeapplication/vnd.oasis.opendocument.spreadsheet', 'latin1')]);
    const ods = (await w.send(u.phone, 'vip mein contacts upload karo', { media: fileMedia('c.ods', odsFile, 'document', 'application/vnd.oasis.opendocument.spreadsheet') })).join('\n');
    expect(ods).to.include('.ods file yahan parhi nahi ja sakti');
  });
});
