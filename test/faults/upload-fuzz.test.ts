// Issue 8.2: the contact upload path fed random and malformed bytes. The parser never hangs
// and never throws anything but a clear Error; records are sane and do not depend on how the
// bytes were chunked; a full upload either stores judged E.164 numbers with counts that add
// up, or refuses with a message and stores nothing.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../src/clock.js';
import { createList, ingestContacts } from '../../src/contacts/index.js';
import { readContactFile, type RawContact } from '../../src/contacts/read-contact-file.js';
import { useTestDb } from '../helpers/pg.js';
import { makeAccount, testCtx } from '../jobs/fixtures.js';

const PARSES = 20_000;
const UPLOADS = 400;
const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/contacts/', import.meta.url));

function rng(seed: number): () => number {
  return () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
}

const SNIPPETS = ['BEGIN:VCARD\r\n', 'END:VCARD\n', 'TEL;TYPE=CELL:', 'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C4=B0', '=\r\n',
  'phone;name;city\n', 'Mobile Phone,Name\r\n', '"', '""', '"0300 1234567","Ali ""the"" one"\n', '\t', ';', ',', '\r', '\n', '\r\n',
  '\ufeff', '+92 300 1234567', '0300-1234567 Ali', '00923001234567', '+1 (555) 010-9999', '042 35714444', '٠٣٠٠١٢٣٤٥٦٧', '💥',
  '\u0000', '\u202e', 'İstanbul', '{{name}}', 'x'.repeat(600), '9'.repeat(40), ' ', '=0A', 'tel:+923001234567'];

/** Random text, random bytes, or a real fixture cut and spliced with noise. */
function randomFile(rand: () => number, fixtures: Buffer[]): Buffer {
  const r = rand();
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  if (r < 0.3) return Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 80) }, () => pick(SNIPPETS)).join(''), 'utf8');
  if (r < 0.5) return Buffer.from(Array.from({ length: Math.floor(rand() * 3000) }, () => Math.floor(rand() * 256)));
  const base = pick(fixtures);
  const parts: Buffer[] = [];
  let at = 0;
  while (at < base.length) {
    const len = 1 + Math.floor(rand() * 200);
    const cut = base.subarray(at, at + len);
    at += len;
    const m = rand();
    if (m < 0.1) continue; // dropped
    if (m < 0.2) parts.push(Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 8) }, () => Math.floor(rand() * 256))));
    else if (m < 0.3) parts.push(Buffer.from(pick(SNIPPETS), 'utf8'));
    parts.push(cut);
  }
  return Buffer.concat(parts).subarray(0, rand() < 0.2 ? Math.floor(rand() * base.length) : undefined);
}

function chunked(buf: Buffer, rand: () => number): Readable {
  const pieces: Buffer[] = [];
  for (let at = 0; at < buf.length;) {
    const len = 1 + Math.floor(rand() * (rand() < 0.5 ? 7 : 4096));
    pieces.push(buf.subarray(at, at + len));
    at += len;
  }
  return Readable.from(pieces);
}

async function parse(input: Readable | string, fileName?: string): Promise<{ format?: string; records: RawContact[]; error?: Error }> {
  const records: RawContact[] = [];
  let format: string | undefined;
  try {
    for await (const item of readContactFile(input, () => undefined, fileName)) {
      if ('format' in item) format = item.format; else records.push(item);
    }
    return { format, records };
  } catch (e) {
    return { format, records, error: e as Error };
  }
}

describe('fault: upload fuzz', function () {
  this.timeout(15 * 60_000);
  const t = useTestDb();
  const fixtures = readdirSync(FIXTURES).map((f) => readFileSync(FIXTURES + f));
  const names = [undefined, 'contacts.csv', 'contacts.vcf', 'list.txt', 'x.VCF', ''];

  it(`parses ${PARSES.toLocaleString('en-US')} random files: sane records, the same however the bytes are chunked`, async () => {
    const rand = rng(8);
    let records = 0;
    let errors = 0;
    for (let i = 0; i < PARSES; i++) {
      const buf = randomFile(rand, fixtures);
      const fileName = names[Math.floor(rand() * names.length)];
      const whole = await parse(Readable.from([buf]), fileName);
      const split = await parse(chunked(buf, rand), fileName);
      if (whole.error) {
        errors++;
        expect(whole.error).to.be.instanceOf(Error);
        expect(whole.error.message).to.be.a('string').that.is.not.empty;
      }
      for (const r of whole.records) {
        expect(r.line).to.be.a('number').that.is.at.least(1);
        expect(r.phone).to.be.a('string');
        if (r.name !== undefined) expect(r.name.length).to.be.at.most(500);
        expect(Object.keys(r.variables ?? {}).length).to.be.at.most(20);
        for (const v of Object.values(r.variables ?? {})) expect(v.length).to.be.at.most(500);
      }
      // Under 16 KB the whole file is the format-detection head, so chunking must not matter
      // (after an error only the error is compared: records buffered before it may be dropped).
      if (buf.length < 16 * 1024 && (whole.error || split.error)) {
        expect(split.error?.message, `file #${i}`).to.equal(whole.error?.message);
      } else if (buf.length < 16 * 1024) {
        expect({ format: split.format, records: split.records, error: split.error?.message })
          .to.deep.equal({ format: whole.format, records: whole.records, error: whole.error?.message }, `file #${i}`);
      }
      records += whole.records.length;
    }
    console.log(`      [figures] upload parser fuzz: files ${PARSES}, records ${records}, refused with an error ${errors}, chunking mismatches 0`);
  });

  it(`uploads ${UPLOADS} random files: counts add up, only E.164 numbers stored, a refusal stores nothing`, async () => {
    const ctx = testCtx(t.db, systemClock, { MAX_UPLOAD_BYTES: String(64 * 1024) });
    const { accountId } = await makeAccount(t.db);
    const rand = rng(99);
    const figures = { uploads: UPLOADS, accepted: 0, rejected: 0, duplicates: 0, refused: 0, 'rows lost': 0 };
    for (let i = 0; i < UPLOADS; i++) {
      const listId = (await createList(ctx, accountId, `fuzz ${i}`)).id;
      const buf = rand() < 0.05 ? Buffer.concat([randomFile(rand, fixtures), Buffer.alloc(70 * 1024, 0x39)]) : randomFile(rand, fixtures);
      const fileName = names[Math.floor(rand() * names.length)];
      const parsed = await parse(Readable.from([buf]), fileName);
      let result;
      try {
        result = await ingestContacts(ctx, { accountId, listId, input: chunked(buf, rand), fileName });
      } catch (e) {
        figures.refused++;
        expect(e).to.be.instanceOf(Error);
        expect((e as Error).message).to.be.a('string').that.is.not.empty;
        const stored = await t.db.one<{ n: number }>('SELECT count(*)::int AS n FROM contacts WHERE list_id = $1', [listId]);
        expect(stored!.n, `refused upload #${i} stored rows`).to.equal(0);
        continue;
      }
      const stored = await t.db.query<{ phone: string }>('SELECT phone FROM contacts WHERE list_id = $1', [listId]);
      expect(stored.length).to.equal(result.accepted);
      for (const s of stored) expect(s.phone).to.match(/^\+[1-9]\d{6,14}$/);
      // Every record the parser saw is accounted for: stored, a duplicate, or rejected with a reason.
      const accounted = result.accepted + result.duplicatesInFile + result.duplicatesInList + result.rejectedTotal;
      if (!parsed.error) {
        figures['rows lost'] += Math.abs(parsed.records.length - accounted);
        expect(accounted, `upload #${i}`).to.equal(parsed.records.length);
      }
      expect(Object.values(result.rejected).reduce((a, b) => a + b, 0)).to.equal(result.rejectedTotal);
      figures.accepted += result.accepted;
      figures.rejected += result.rejectedTotal;
      figures.duplicates += result.duplicatesInFile + result.duplicatesInList;
    }
    console.log(`      [figures] upload fuzz: ${Object.entries(figures).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    expect(figures['rows lost']).to.equal(0);
  });
});
