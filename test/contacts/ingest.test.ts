import { expect } from 'chai';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createList, ingestContacts, UploadTooLargeError } from '../../src/contacts/index.js';
import type { Ctx } from '../../src/context.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, testCtx } from '../helpers/world.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../../../test/fixtures/contacts/${name}`, import.meta.url));

describe('contact ingest', () => {
  const t = useTestDb();
  let ctx: Ctx;
  let accountId: number;
  let n = 0;
  const newList = async () => (await createList(ctx, accountId, `list ${n++}`)).id;
  const contactsOf = (listId: number) => ctx.db.query<{ phone: string; name: string | null; variables: Record<string, string> }>(
    'SELECT phone, name, variables FROM contacts WHERE list_id = $1 ORDER BY phone', [listId]);

  before(async () => {
    ctx = testCtx(t.db);
    ({ accountId } = await makeAccount(ctx.db));
  });

  it('reads an Excel CSV export (BOM, semicolons, CRLF, quoted fields) and keeps extra columns as variables', async () => {
    const listId = await newList();
    const r = await ingestContacts(ctx, { accountId, listId, input: createReadStream(fixture('excel-semicolon-bom.csv')), fileName: 'customers.csv' });
    expect(r.format).to.equal('csv');
    expect(r.accepted).to.equal(6);
    expect(r.duplicatesInFile).to.equal(1);
    expect(r.duplicatesInList).to.equal(0);
    // "0300 12345" has a possible length but no such mobile number exists: invalid.
    expect(r.rejected).to.deep.equal({ invalid: 1, landline: 1, too_short: 0, too_long: 1, not_a_phone: 1, excel_rounded: 0 });
    expect(r.rejectedTotal).to.equal(4);
    expect(r.rejectedLines).to.include('line 8: 042 3571 4444 (landline, cannot receive WhatsApp)');
    const rows = await contactsOf(listId);
    expect(rows.map((c) => c.phone)).to.deep.equal(['+905321234567', '+923001234567', '+923009876543', '+923217654321', '+923335551212', '+923451112233']);
    const ali = rows.find((c) => c.phone === '+923001234567')!;
    expect(ali.name).to.equal('Ali Raza'); // the first occurrence wins over the duplicate "Bilal"
    expect(ali.variables).to.deep.equal({ city: 'Lahore', package: 'Gold' });
    expect(rows.find((c) => c.phone === '+923335551212')!.name).to.equal('Usman; the elder');
    expect(rows.find((c) => c.phone === '+905321234567')!.variables).to.deep.equal({ city: 'İstanbul', package: 'Gold' });
  });

  it('reads plain lines with spaces, dashes, brackets, 0300/92300/+92 forms and names beside numbers', async () => {
    const listId = await newList();
    const r = await ingestContacts(ctx, { accountId, listId, input: readFileSync(fixture('plain-lines.txt'), 'utf8') });
    expect(r.format).to.equal('lines');
    expect(r.accepted).to.equal(7);
    expect(r.duplicatesInFile).to.equal(3); // 0300 1234567 twice more, +923001234567 once
    expect(r.rejected.landline).to.equal(2);
    expect(r.rejected.too_short).to.equal(1);
    expect(r.rejected.not_a_phone).to.equal(1);
    const rows = await contactsOf(listId);
    expect(rows.find((c) => c.phone === '+923451112233')!.name).to.equal('Kamran');
    expect(rows.find((c) => c.phone === '+923014445566')!.name).to.equal('Ahmed');
    expect(rows.map((c) => c.phone)).to.include.members(['+923001234567', '+923002345678', '+923217654321', '+923335551212', '+923112223334']);
  });

  it('reads a vCard export from a phone: every mobile TEL with the card name, quoted-printable and folded lines', async () => {
    const listId = await newList();
    const r = await ingestContacts(ctx, { accountId, listId, input: createReadStream(fixture('phone-export.vcf')), fileName: 'contacts.vcf' });
    expect(r.format).to.equal('vcard');
    expect(r.accepted).to.equal(4);
    expect(r.rejected.landline).to.equal(1);
    expect(r.duplicatesInFile).to.equal(1);
    const byPhone = Object.fromEntries((await contactsOf(listId)).map((c) => [c.phone, c.name]));
    expect(byPhone).to.deep.equal({
      '+923217654321': 'Sana Khan', '+923001234567': 'علی رضا', '+905321234567': 'Şule Yılmaz', '+923335551212': 'Şule Yılmaz',
    });
  });

  it('reads a CSV without a header: number, name, then extra columns as col3…', async () => {
    const listId = await newList();
    const r = await ingestContacts(ctx, { accountId, listId, input: createReadStream(fixture('headerless-comma.csv')) });
    expect(r).to.include({ format: 'csv', accepted: 2, duplicatesInFile: 1, rejectedTotal: 1 });
    const rows = await contactsOf(listId);
    expect(rows[0]).to.deep.include({ phone: '+923001234567', name: 'Ali', variables: { col3: 'Lahore' } });
  });

  it('counts numbers already on the list as duplicates and stores nothing twice', async () => {
    const listId = await newList();
    await ingestContacts(ctx, { accountId, listId, input: '03001234567\n03011234567\n' });
    const r = await ingestContacts(ctx, { accountId, listId, input: '0300 1234567\n+92 301 1234567\n0302 1234567\n0302-1234567\n' });
    expect(r).to.include({ accepted: 1, duplicatesInList: 2, duplicatesInFile: 1 });
    expect(await contactsOf(listId)).to.have.length(3);
  });

  it('refuses a file whose announced size is over the limit before reading a byte', async () => {
    const small = testCtx(t.db, { MAX_UPLOAD_BYTES: '1000' });
    const listId = await newList();
    let read = false;
    const input = new Readable({ read() { read = true; this.push(null); } });
    const err = await ingestContacts(small, { accountId, listId, input, declaredBytes: 5_000_000 }).catch((e) => e);
    expect(err).to.be.instanceOf(UploadTooLargeError);
    expect(err.message).to.match(/too large \(4\.8 MB\).*1 KB/);
    expect(read).to.equal(false);
  });

  it('stops a stream that grows past the limit and stores none of it', async () => {
    const small = testCtx(t.db, { MAX_UPLOAD_BYTES: '20000' });
    const listId = await newList();
    const lines = Array.from({ length: 3000 }, (_, i) => `0300${String(1000000 + i)}\n`);
    const err = await ingestContacts(small, { accountId, listId, input: Readable.from(lines) }).catch((e) => e);
    expect(err).to.be.instanceOf(UploadTooLargeError);
    expect(await contactsOf(listId)).to.have.length(0);
    // The connection is usable afterwards: the same list takes a good upload.
    const ok = await ingestContacts(small, { accountId, listId, input: '03001234567\n' });
    expect(ok.accepted).to.equal(1);
  });

  it('stops a CSV stream that grows past the limit with the same clear error', async () => {
    const small = testCtx(t.db, { MAX_UPLOAD_BYTES: '20000' });
    const listId = await newList();
    const rows = ['phone;name\n', ...Array.from({ length: 3000 }, (_, i) => `0300${String(1000000 + i)};Name ${i}\n`)];
    const err = await ingestContacts(small, { accountId, listId, input: Readable.from(rows) }).catch((e) => e);
    expect(err).to.be.instanceOf(UploadTooLargeError);
    expect(await contactsOf(listId)).to.have.length(0);
  });

  it('streams a 50,000-line file in small chunks without splitting numbers at chunk edges', async function () {
    this.timeout(60_000);
    const listId = await newList();
    const text = Array.from({ length: 50_000 }, (_, i) => `+92 300 ${String(1000000 + i)}`).join('\r\n');
    const buf = Buffer.from(text);
    const chunks = Array.from({ length: Math.ceil(buf.length / 1000) }, (_, i) => buf.subarray(i * 1000, (i + 1) * 1000));
    const r = await ingestContacts(ctx, { accountId, listId, input: Readable.from(chunks) });
    expect(r).to.include({ accepted: 50_000, rejectedTotal: 0, duplicatesInFile: 0 });
  });

  it('caps the list of rejected lines but counts every reject', async function () {
    this.timeout(60_000);
    const listId = await newList();
    const r = await ingestContacts(ctx, { accountId, listId, input: 'junk\n'.repeat(12_000) });
    expect(r.rejectedTotal).to.equal(12_000);
    expect(r.rejected.not_a_phone).to.equal(12_000);
    expect(r.rejectedLines).to.have.length(10_000);
    expect(r.rejectedLines[0]).to.equal('line 1: junk (not a phone number)');
  });

  it('refuses a list of another account', async () => {
    const other = await makeAccount(ctx.db);
    const listId = (await createList(ctx, other.accountId, 'theirs')).id;
    const err = await ingestContacts(ctx, { accountId, listId, input: '03001234567' }).catch((e) => e);
    expect(err.name).to.equal('ListNotFoundError');
  });

  it('takes an empty or header-only file without error', async () => {
    const listId = await newList();
    expect((await ingestContacts(ctx, { accountId, listId, input: '' })).accepted).to.equal(0);
    const r = await ingestContacts(ctx, { accountId, listId, input: '\ufeffName;Phone\r\n' });
    expect(r).to.include({ accepted: 0, rejectedTotal: 0 });
    expect(statSync(fixture('plain-lines.txt')).size).to.be.greaterThan(0);
  });
});
