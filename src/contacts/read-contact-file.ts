// Turns an uploaded contact file into records (line number, raw number, name, variables),
// streaming: plain lines ("0300 1234567 Ali"), CSV (`,` `;` or tab, header or not, BOM,
// Excel quoting) and vCard (phone exports, quoted-printable names). The format is guessed
// from the first few kilobytes, and so is the encoding: UTF-8, UTF-16 with or without a BOM,
// else Windows-1252 (old Excel exports); NUL characters are dropped, binary files refused.
import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { variableKey } from '../content/templates.js';
import { ContactFileError } from './errors.js';
import { readFirstSheet, sheetKind, type SheetRow } from './read-sheet.js';

export type ContactFormat = 'lines' | 'csv' | 'vcard' | 'xlsx';

export interface RawContact {
  line: number;
  phone: string;
  name?: string;
  variables?: Record<string, string>;
}

const HEAD_BYTES = 16 * 1024;
/** Longer lines are no contact: cut there (the rest of the line is skipped, memory stays bounded). */
export const MAX_LINE_CHARS = 20_000;
/** A CSV record longer than this is refused (an unclosed quote swallowing the file). */
const MAX_RECORD_CHARS = 200_000;
const MAX_VARIABLES = 20;
const MAX_VALUE = 500;

/** Yields Buffers of the input, whatever it is, in order. */
async function* chunksOf(input: NodeJS.ReadableStream | string): AsyncGenerator<Buffer> {
  if (typeof input === 'string') {
    yield Buffer.from(input, 'utf8');
    return;
  }
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  }
}

/** Detects the format from the head, then yields records. `onBytes` sees every chunk first. */
export async function* readContactFile(
  input: NodeJS.ReadableStream | string,
  onBytes: (n: number) => void,
  fileName?: string,
): AsyncGenerator<RawContact | { format: ContactFormat }> {
  const source = chunksOf(input);
  const head: Buffer[] = [];
  let headLen = 0;
  let done = false;
  while (headLen < HEAD_BYTES) {
    const next = await source.next();
    if (next.done) { done = true; break; }
    onBytes(next.value.length);
    head.push(next.value);
    headLen += next.value.length;
  }
  async function* raw(): AsyncGenerator<Buffer> {
    yield* head;
    if (done) return;
    for await (const chunk of source) {
      onBytes(chunk.length);
      yield chunk;
    }
  }
  const headBytes = Buffer.concat(head);
  const sheet = sheetKind(headBytes, fileName);
  if (sheet) {
    // Only .xlsx is read; the owner is told which formats to save as for anything else.
    if (sheet !== 'xlsx') {
      const ext = /\.[a-z0-9]{1,8}$/i.exec(fileName ?? '')?.[0]?.toLowerCase();
      throw new ContactFileError('sheet_format', { kind: ext ?? (sheet === 'ods' ? '.ods' : sheet === 'xls' ? '.xls' : 'zip') });
    }
    yield { format: 'xlsx' };
    yield* tableRecords(readFirstSheet(raw()));
    return;
  }
  const encoding = detectEncoding(headBytes);
  if (encoding === 'binary') throw new ContactFileError('binary');
  const all = () => asUtf8(raw(), encoding);
  let headText = '';
  for await (const b of asUtf8(head, encoding)) headText += b.toString('utf8');
  headText = stripBom(headText);
  const format = detectFormat(headText, fileName);
  yield { format: format.kind };
  if (format.kind === 'vcard') yield* readVcards(all());
  else if (format.kind === 'csv') yield* readCsv(all(), format.delimiter);
  else yield* readLines(all());
}

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'binary';

/** The encoding of a file judged from its head. */
export function detectEncoding(head: Buffer): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const sample = head.subarray(0, 4096);
  let evenZeros = 0;
  let oddZeros = 0;
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i]!;
    if (b === 0) { if (i % 2) oddZeros++; else evenZeros++; }
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) controls++;
  }
  const pairs = Math.max(1, Math.floor(sample.length / 2));
  // Text in UTF-16 without a BOM: every other byte of the Latin digits and letters is zero.
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return 'utf-16le';
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return 'utf-16be';
  if (controls > Math.max(2, sample.length * 0.1)) return 'binary';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true }); // a cut last character is fine
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** The chunks as UTF-8, NUL characters removed (PostgreSQL text cannot hold them). */
async function* asUtf8(chunks: AsyncIterable<Buffer> | Iterable<Buffer>, encoding: Encoding): AsyncGenerator<Buffer> {
  if (encoding === 'utf-8') {
    for await (const c of chunks) yield c.includes(0) ? Buffer.from(c.filter((b) => b !== 0)) : c;
    return;
  }
  const decoder = new TextDecoder(encoding);
  for await (const c of chunks) {
    const text = decoder.decode(c, { stream: true });
    if (text) yield Buffer.from(text.replace(/\u0000/g, ''), 'utf8');
  }
  const rest = decoder.decode();
  if (rest) yield Buffer.from(rest.replace(/\u0000/g, ''), 'utf8');
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

export function detectFormat(head: string, fileName?: string): { kind: 'vcard' | 'lines' } | { kind: 'csv'; delimiter: string } {
  if (/^\s*BEGIN:VCARD/im.test(head) || /\.vcf$/i.test(fileName ?? '')) return { kind: 'vcard' };
  // The last line of the head may be cut; judge on the complete ones (or all if only one).
  const lines = head.split(/\r\n|\n|\r/).filter((l) => l.trim() !== '');
  const sample = (lines.length > 1 ? lines.slice(0, -1) : lines).slice(0, 50);
  for (const delimiter of [';', '\t', ',']) {
    const hits = sample.filter((l) => l.includes(delimiter)).length;
    // Most lines carry it: a CSV; a stray comma in one plain line does not make one.
    if (sample.length && hits >= Math.max(1, Math.ceil(sample.length * 0.6))) return { kind: 'csv', delimiter };
  }
  return { kind: 'lines' };
}

/** Splits decoded text into lines, keeping line numbers (1-based). */
async function* textLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<[number, string]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let n = 0;
  let first = true;
  let skipping = false; // inside a line already cut at MAX_LINE_CHARS
  for await (const chunk of chunks) {
    let text = decoder.write(chunk);
    if (skipping) {
      const end = text.search(/\r\n|\n|\r/);
      if (end < 0) continue;
      text = text.slice(end).replace(/^\r?\n|^\r/, '');
      skipping = false;
    }
    text = rest + text;
    if (first && text.length) { text = stripBom(text); first = false; }
    const parts = text.split(/\r\n|\n|\r(?!$)/);
    rest = parts.pop() ?? '';
    for (const p of parts) yield [++n, p.length > MAX_LINE_CHARS ? p.slice(0, MAX_LINE_CHARS) : p];
    if (rest.length > MAX_LINE_CHARS) {
      yield [++n, rest.slice(0, MAX_LINE_CHARS)];
      rest = '';
      skipping = true;
    }
  }
  if (skipping) return;
  rest += decoder.end();
  if (rest.endsWith('\r')) rest = rest.slice(0, -1);
  if (rest !== '') yield [++n, first ? stripBom(rest) : rest];
}

// A written number: optional +, digits with spaces/dashes/dots/brackets/slashes between.
const NUMBER_IN_LINE = /\+?\(?\d[\d\s\-().\/\u00a0]{5,}\d/;

async function* readLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<RawContact> {
  for await (const [line, text] of textLines(chunks)) {
    const t = text.trim();
    if (!t) continue;
    // A cut line is no contact: judged as it is (the phone rule rejects it), never searched.
    if (t.length >= 1000) { yield { line, phone: t.slice(0, 200) }; continue; }
    // "0300 1234567 Ali" or "Ali - 0300 1234567": the number, and any words as the name.
    const m = NUMBER_IN_LINE.exec(t);
    if (m && /\p{L}/u.test(t)) {
      const name = (t.slice(0, m.index) + ' ' + t.slice(m.index + m[0].length)).replace(/^[\s:,;\-–]+|[\s:,;\-–]+$/g, '').replace(/\s+/g, ' ');
      // Words glued to the number ("tel:0300…") are the phone rule's business, not a name.
      if (name && /\p{L}/u.test(name) && !/^(tel|phone|mobile|cell)$/i.test(name)) {
        yield { line, phone: m[0], name: clip(name) };
        continue;
      }
    }
    yield { line, phone: t };
  }
}

const PHONE_HEADERS = /^(phone|phones|mobile|mobile ?(phone|number|no\.?)|cell|cell ?phone|tel|telephone|whatsapp|whatsapp ?(number|no\.?)|msisdn|number|phone ?(number|no\.?)|contact ?(number|no\.?)|telefon|telefon ?(no|numarasi|numarası)|gsm|cep|cep ?telefonu|numara|phone \d+ - value)$/i;
const NAME_HEADERS = /^(name|full ?name|display ?name|contact ?name|customer ?name|first ?name|given ?name|ad|isim|ad ?soyad|adi|naam)$/i;

interface CsvLayout {
  phoneCol: number;
  nameCol: number;
  /** Variable name of each other column (undefined = ignore). */
  varNames: Array<string | undefined>;
}

function digitsIn(s: string): number {
  return (s.match(/\d/g) ?? []).length;
}

function looksLikeNumber(cell: string): boolean {
  return digitsIn(cell) >= 6 && !/\p{L}{3,}/u.test(cell);
}

/** Header row: no cell looks like a phone number and some cell is a known column name or words. */
function headerLayout(cells: string[]): CsvLayout | undefined {
  if (cells.some(looksLikeNumber)) return undefined;
  const names = cells.map((c) => c.trim());
  let phoneCol = names.findIndex((c) => PHONE_HEADERS.test(c) && /mobile|whatsapp|cell|cep|gsm/i.test(c));
  if (phoneCol < 0) phoneCol = names.findIndex((c) => PHONE_HEADERS.test(c));
  if (phoneCol < 0) phoneCol = names.findIndex((c) => /phone|mobile|number|tel|numara/i.test(c));
  if (phoneCol < 0) return undefined;
  let nameCol = names.findIndex((c, i) => i !== phoneCol && /^(name|full ?name|display ?name|contact ?name|customer ?name|ad ?soyad|isim|naam)$/i.test(c));
  if (nameCol < 0) nameCol = names.findIndex((c, i) => i !== phoneCol && NAME_HEADERS.test(c));
  const varNames = names.map((c, i) => (i === phoneCol || i === nameCol || !c ? undefined : variableKey(c)));
  return { phoneCol, nameCol, varNames };
}

/** No header: the first cell that looks like a number is the phone, the first wordy cell the name. */
function guessedLayout(cells: string[]): CsvLayout {
  let phoneCol = cells.findIndex(looksLikeNumber);
  if (phoneCol < 0) phoneCol = 0;
  const nameCol = cells.findIndex((c, i) => i !== phoneCol && /\p{L}/u.test(c));
  const varNames = cells.map((_, i) => (i === phoneCol || i === nameCol ? undefined : `col${i + 1}`));
  return { phoneCol, nameCol, varNames };
}

async function* readCsv(chunks: AsyncIterable<Buffer>, delimiter: string): AsyncGenerator<RawContact> {
  const source = Readable.from(chunks);
  const parser = source.pipe(parse({
    delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true,
    skip_records_with_empty_values: true, trim: true, info: true, max_record_size: MAX_RECORD_CHARS,
  }));
  // .pipe() does not carry errors: a failing source (the size limit, a broken upload) must
  // end the parse with that error, not crash the process and leave the upload hanging.
  source.once('error', (e) => parser.destroy(e));
  let lastLine = 1;
  async function* rows(): AsyncGenerator<SheetRow> {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      lastLine = info.lines;
      yield { cells: record, line: info.lines };
    }
  }
  try {
    yield* tableRecords(rows());
  } catch (e) {
    // csv-parse's own words ("Quote Not Closed: …") are not for an owner.
    const code = (e as { code?: string }).code ?? '';
    if (code === 'CSV_MAX_RECORD_SIZE') throw new ContactFileError('line_too_long', { line: lastLine + 1, chars: `${MAX_RECORD_CHARS.toLocaleString('en-US')}+` });
    if (code.startsWith('CSV_')) throw new ContactFileError('bad_csv', { line: lastLine + 1 });
    throw e;
  }
}

/** Rows of a table (CSV or a sheet): a header row names the columns, else they are guessed. */
async function* tableRecords(rows: AsyncIterable<SheetRow>): AsyncGenerator<RawContact> {
  let layout: CsvLayout | undefined;
  for await (const { cells: record, line } of rows) {
    if (!layout) {
      layout = headerLayout(record);
      if (layout) continue;
      layout = guessedLayout(record);
    }
    const phone = record[layout.phoneCol] ?? '';
    const name = layout.nameCol >= 0 ? record[layout.nameCol] : undefined;
    let variables: Record<string, string> | undefined;
    let count = 0;
    for (let i = 0; i < record.length && count < MAX_VARIABLES; i++) {
      const key = i < layout.varNames.length ? layout.varNames[i] : `col${i + 1}`;
      const value = record[i];
      if (!key || !value || i === layout.phoneCol || i === layout.nameCol) continue;
      (variables ??= {})[key] = clip(value);
      count++;
    }
    yield { line, phone, name: name ? clip(name) : undefined, variables };
  }
}

/** vCard 2.1/3.0/4.0: every TEL of a card becomes a record carrying the card's name. */
async function* readVcards(chunks: AsyncIterable<Buffer>): AsyncGenerator<RawContact> {
  let card: { fn?: string; n?: string; tels: Array<[number, string]> } | undefined;
  let pending: [number, string] | undefined;
  function* flushCard(): Generator<RawContact> {
    if (!card) return;
    const name = card.fn || card.n;
    for (const [line, phone] of card.tels) yield { line, phone, name: name ? clip(name) : undefined };
    card = undefined;
  }
  function* handle([line, text]: [number, string]): Generator<RawContact> {
    const colon = text.indexOf(':');
    if (colon < 0) return;
    const head = text.slice(0, colon);
    const params = head.split(';');
    const prop = params[0]!.replace(/^item\d+\./i, '').toUpperCase();
    const value = decodeValue(text.slice(colon + 1), params.slice(1));
    if (prop === 'BEGIN' && /^vcard$/i.test(value.trim())) { yield* flushCard(); card = { tels: [] }; return; }
    if (prop === 'END') { yield* flushCard(); return; }
    if (!card) return;
    if (prop === 'FN') card.fn = value.trim();
    else if (prop === 'N') card.n = value.split(';').slice(0, 2).reverse().map((s) => s.trim()).filter(Boolean).join(' ');
    else if (prop === 'TEL') card.tels.push([line, value.replace(/^tel:/i, '').trim()]);
  }
  for await (const [line, raw] of textLines(chunks)) {
    // Folded lines (RFC 6350 §3.2) and quoted-printable soft breaks continue the previous one.
    if (pending && (/^[ \t]/.test(raw) && !/QUOTED-PRINTABLE/i.test(pending[1]))) { pending[1] += raw.slice(1); continue; }
    if (pending && /QUOTED-PRINTABLE/i.test(pending[1]) && pending[1].endsWith('=')) { pending[1] = pending[1].slice(0, -1) + raw.trim(); continue; }
    if (pending) yield* handle(pending);
    pending = [line, raw];
  }
  if (pending) yield* handle(pending);
  yield* flushCard();
}

function decodeValue(value: string, params: string[]): string {
  const qp = params.some((p) => /^(ENCODING=)?QUOTED-PRINTABLE$/i.test(p));
  const v = qp ? Buffer.from(value.replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8') : value;
  return v.replace(/\\([,;\\])/g, '$1').replace(/\\n/gi, ' ');
}

function clip(s: string): string {
  const clean = s.replace(/\u0000/g, '').trim();
  return clean.length > MAX_VALUE ? clean.slice(0, MAX_VALUE) : clean;
}
