// Turns an uploaded contact file into records (line number, raw number, name, variables),
// streaming: plain lines ("0300 1234567 Ali"), CSV (`,` `;` or tab, header or not, BOM,
// Excel quoting) and vCard (phone exports, quoted-printable names). The format is guessed
// from the first few kilobytes.
import { parse } from 'csv-parse';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { variableKey } from '../content/templates.js';

export type ContactFormat = 'lines' | 'csv' | 'vcard';

export interface RawContact {
  line: number;
  phone: string;
  name?: string;
  variables?: Record<string, string>;
}

const HEAD_BYTES = 16 * 1024;
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
  async function* all(): AsyncGenerator<Buffer> {
    yield* head;
    if (done) return;
    for await (const chunk of source) {
      onBytes(chunk.length);
      yield chunk;
    }
  }
  const headText = stripBom(Buffer.concat(head).toString('utf8'));
  const format = detectFormat(headText, fileName);
  yield { format: format.kind };
  if (format.kind === 'vcard') yield* readVcards(all());
  else if (format.kind === 'csv') yield* readCsv(all(), format.delimiter);
  else yield* readLines(all());
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
  for await (const chunk of chunks) {
    let text = rest + decoder.write(chunk);
    if (first && text.length) { text = stripBom(text); first = false; }
    const parts = text.split(/\r\n|\n|\r(?!$)/);
    rest = parts.pop() ?? '';
    for (const p of parts) yield [++n, p];
  }
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
    skip_records_with_empty_values: true, trim: true, info: true,
  }));
  // .pipe() does not carry errors: a failing source (the size limit, a broken upload) must
  // end the parse with that error, not crash the process and leave the upload hanging.
  source.once('error', (e) => parser.destroy(e));
  let layout: CsvLayout | undefined;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
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
    yield { line: info.lines, phone, name: name ? clip(name) : undefined, variables };
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
