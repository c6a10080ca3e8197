// Excel workbooks (.xlsx) as rows of text cells, streamed with exceljs' reader: only the
// first worksheet is read; the caller applies the CSV rules (header, phone column, variables).
// Cells come as Excel stores them, not as it shows them: a number typed into a General cell
// is a number (923001234567, or 3001234567 once Excel dropped the leading 0), so integers
// are written out in full, never as 9.23001E+11. Old .xls, OpenDocument (.ods) and other
// containers are refused with "save as .xlsx or .csv" (no maintained, CVE-free reader for
// them that we trust; SheetJS' registry build 0.18.5 has known advisories).
import { Readable } from 'node:stream';
import { isAppError } from '../app-error.js';
import { ContactFileError } from './errors.js';

export type SheetKind = 'xlsx' | 'xls' | 'ods' | 'other-zip';

const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_MAGIC = Buffer.from('PK\x03\x04', 'latin1');

/** What kind of spreadsheet the head of a file is, or undefined for a text file. */
export function sheetKind(head: Buffer, fileName?: string): SheetKind | undefined {
  const ext = /\.([a-z0-9]{1,8})$/i.exec(fileName ?? '')?.[1]?.toLowerCase();
  if (head.subarray(0, 8).equals(OLE_MAGIC)) return 'xls'; // also a password-protected .xlsx
  if (head.subarray(0, 4).equals(ZIP_MAGIC)) {
    // ODF puts an uncompressed "mimetype" entry first.
    if (head.includes('application/vnd.oasis.opendocument', 0, 'latin1')) return 'ods';
    if (ext === 'xlsx' || ext === 'xlsm' || head.includes('xl/', 0, 'latin1') || head.includes('[Content_Types].xml', 0, 'latin1')) return 'xlsx';
    return 'other-zip';
  }
  if (ext === 'xls' || ext === 'ods' || ext === 'xlsb' || ext === 'numbers') return ext === 'ods' ? 'ods' : 'xls';
  return undefined;
}

/** Excel's serial day 0 (1899-12-30, after its 1900 leap-year bug) to a date. */
function excelDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** One cell as text, the way an owner typed it. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    // Integers in full (no exponent, no grouping); 2^53 and beyond are no phone number anyway.
    if (Number.isInteger(v) && Math.abs(v) < 1e21) return BigInt(v).toString();
    return String(v);
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) return excelDate(v);
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; formula?: string; error?: string; hyperlink?: string };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('result' in o || 'formula' in o) return cellText(o.result);
    if ('text' in o) return cellText(o.text);
    if (o.error) return '';
  }
  return String(v);
}

export interface SheetRow {
  cells: string[];
  /** The row's number in the sheet (1-based), for "line N" in the rejected file. */
  line: number;
}

/** Rows of the first worksheet; empty rows skipped. Unreadable workbooks are refused. */
export async function* readFirstSheet(chunks: AsyncIterable<Buffer>): AsyncGenerator<SheetRow> {
  // A failing input (the byte limit, a broken download) ends the zip early and is rethrown
  // as itself: .pipe() inside exceljs would not carry the error to the unzipper.
  let inputError: unknown;
  async function* guarded(): AsyncGenerator<Buffer> {
    try {
      for await (const c of chunks) yield c;
    } catch (e) {
      inputError = e;
    }
  }
  const source = Readable.from(guarded());
  // Loaded on the first workbook: exceljs and its zip stack cost ~0.5 s of every start otherwise.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, {
    worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore',
  });
  let sawSheet = false;
  try {
    for await (const sheet of reader) {
      sawSheet = true;
      for await (const row of sheet) {
        const values = (row as unknown as { values: unknown[] }).values;
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]).replace(/\u0000/g, '').trim());
        while (cells.length && cells[cells.length - 1] === '') cells.pop();
        if (!cells.some((c) => c !== '')) continue;
        yield { cells, line: (row as unknown as { number: number }).number };
      }
      break; // the first sheet only
    }
  } catch (e) {
    if (inputError) throw inputError;
    if (isAppError(e)) throw e;
    throw new ContactFileError('sheet_format', { kind: '.xlsx' });
  } finally {
    source.destroy();
  }
  if (inputError) throw inputError;
  if (!sawSheet) throw new ContactFileError('sheet_format', { kind: '.xlsx' });
}
