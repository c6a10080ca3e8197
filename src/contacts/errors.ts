// Errors of the contacts service; each message is fit to show the account owner as is.
import { ConflictError, NotFoundError } from '../accounts.js';
import { fill, type Lang, type Localized } from '../i18n/lang.js';

export class ListNotFoundError extends NotFoundError {
  override name = 'ListNotFoundError';
  constructor(readonly listName: string, message = `there is no list named "${listName}"`) {
    super(message);
  }
}

export class ListExistsError extends ConflictError {
  override name = 'ListExistsError';
  constructor(readonly listName: string) {
    super(`a list named "${listName}" already exists`);
  }
}

export class InvalidListNameError extends RangeError {
  override name = 'InvalidListNameError';
}

export class UploadTooLargeError extends RangeError {
  override name = 'UploadTooLargeError';
  constructor(readonly bytes: number, readonly maxBytes: number) {
    super(`the file is too large (${formatMb(bytes)}); the most we accept is ${formatMb(maxBytes)}. Split it into smaller files.`);
  }
}

const FILE_TEXTS = {
  binary: {
    en: 'This file is not a text file of contacts (it looks like a picture, a document or a spreadsheet). Save the contacts as CSV or plain text, one number per line, and send that file.',
    tr: 'Bu dosya metin biçiminde bir kişi dosyası değil (resim, belge veya tablo gibi görünüyor). Kişileri CSV ya da düz metin olarak, her satıra bir numara gelecek şekilde kaydedip o dosyayı gönderin.',
    ur: 'Yeh contacts ki text file nahi hai (tasveer, document ya spreadsheet lagti hai). Contacts ko CSV ya saada text mein, har line mein aik number, save kar ke woh file bhejein.',
  },
  lineTooLong: {
    en: 'Line {line} of the file is far too long ({chars} characters) to be a contact. Check that the file has one contact per line and send it again.',
    tr: 'Dosyanın {line}. satırı bir kişi için fazla uzun ({chars} karakter). Dosyada her satırda bir kişi olduğunu kontrol edip yeniden gönderin.',
    ur: 'File ki line {line} contact ke liye bohat lambi hai ({chars} characters). Check karein ke har line mein aik contact ho, phir file dobara bhejein.',
  },
  badCsv: {
    en: 'The file could not be read as CSV near line {line} (an opening quote is never closed, or a line is broken). Open it in Excel or Sheets, save it again as CSV and send it.',
    tr: 'Dosya {line}. satır civarında CSV olarak okunamadı (açılan bir tırnak kapanmıyor ya da bir satır bozuk). Excel veya E-Tablolar\'da açıp yeniden CSV olarak kaydedin ve gönderin.',
    ur: 'File line {line} ke aas paas CSV ki tarah parhi nahi ja saki (koi quote band nahi hua, ya line kharab hai). Isay Excel ya Sheets mein khol kar dobara CSV save karein aur bhejein.',
  },
} satisfies Record<string, Localized>;

/** A contact file that cannot be read: the owner is told why in their language. */
export class ContactFileError extends RangeError {
  override name = 'ContactFileError';
  constructor(readonly reason: keyof typeof FILE_TEXTS, readonly vars: Record<string, string | number> = {}) {
    super(fill(FILE_TEXTS[reason].en, vars));
  }
  inLanguage(lang: Lang): string {
    return fill(FILE_TEXTS[this.reason][lang], this.vars);
  }
}

export class InvalidPhoneError extends RangeError {
  override name = 'InvalidPhoneError';
}

function formatMb(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
