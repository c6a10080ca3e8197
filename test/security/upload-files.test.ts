// Issue 17 item 6: whatever file an owner sends, the chat answers with the upload's result or
// a clear message in the owner's language, never internal error text. Every file of the
// issue (a NUL in the CSV header, one 10 MB line, UTF-16 with and without a BOM,
// Windows-1252) and a fuzz over random files.
import { expect } from 'chai';
import type { MediaHandle } from '../../src/gateway/channel.js';
import { M } from '../../src/i18n/router-messages.js';
import { useTestDb } from '../helpers/pg.js';
import { createWorld, fileMedia, type World } from '../router/router-world.js';

const utf16le = (s: string, bom: boolean) => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => { const b = Buffer.from(s, 'utf16le'); b.swap16(); return Buffer.concat([Buffer.from([0xfe, 0xff]), b]); };
const cp1252 = (s: string) => Buffer.from([...s].map((c) => c.charCodeAt(0))); // the Latin-1 range of 1252

const INTERNAL_LOOKING = /Unsupported Unicode escape|Maximum call stack|invalid input syntax|Quote Not Closed|CSV_|Invalid string length|out of range|ERR_|at .*\.js:\d+|SequelizeDatabaseError|\bnull\b|undefined/i;

function rng(seed: number): () => number {
  return () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
}

describe('security: contact files never produce internal error text (issue 17 item 6)', function () {
  this.timeout(300_000);
  const t = useTestDb();
  let world: World;
  before(async () => { world = await createWorld(t.db); });

  async function ownerWithList(language: 'en' | 'tr' | 'ur' = 'en') {
    const owner = await world.newAccount({ credits: 100, language });
    await world.send(owner.phone, language === 'tr' ? 'liste oluştur vip' : language === 'ur' ? 'vip naam ki list banao' : 'create list vip');
    return owner;
  }
  async function upload(phone: string, fileName: string, data: Buffer, caption = 'upload contacts to vip'): Promise<string> {
    const replies = await world.send(phone, caption, { media: fileMedia(fileName, data) });
    const text = replies.join('\n');
    expect(text, `reply to ${fileName}`).to.not.equal('');
    for (const lang of ['en', 'tr', 'ur'] as const) expect(text).to.not.contain(M.internalError[lang]);
    expect(text).to.not.match(INTERNAL_LOOKING);
    return text;
  }
  const stored = async (accountId: number) => t.db.query<{ phone: string; name: string | null; variables: Record<string, string> }>(
    `SELECT c.phone, c.name, c.variables FROM contacts c JOIN contact_lists l ON l.id = c.list_id WHERE l.account_id = $1 ORDER BY c.phone`, [accountId]);

  it('a CSV header with a NUL byte is read (the NUL dropped)', async () => {
    const o = await ownerWithList();
    const r = await upload(o.phone, 'c.csv', Buffer.from('pho\u0000ne,na\u0000me,ci\u0000ty\n03001234567,Ali,Lahore\n'));
    expect(r).to.contain('1 numbers added');
    expect(await stored(o.accountId)).to.deep.equal([{ phone: '+923001234567', name: 'Ali', variables: { city: 'Lahore' } }]);
  });

  it('one 10 MB line is rejected as a line, and the numbers around it are stored', async () => {
    const o = await ownerWithList();
    const r = await upload(o.phone, 'c.txt', Buffer.from('03001234567 Ali\n' + '1 '.repeat(5_000_000) + '\n03007654321 Sara\n'));
    expect(r).to.contain('2 numbers added').and.contain('Rejected (never charged): 1');
    const csv = await upload(o.phone, 'c.csv', Buffer.from('phone,name\n"' + 'a'.repeat(10 * 1024 * 1024)));
    expect(csv).to.contain('far too long');
  });

  it('UTF-16 with a BOM (LE and BE) and without one, and Windows-1252, are read correctly', async () => {
    const o = await ownerWithList();
    await upload(o.phone, 'a.csv', utf16le('phone,name\r\n03001111111,Şükrü\r\n', true));
    await upload(o.phone, 'b.csv', utf16le('phone,name\r\n03002222222,Ayşe\r\n', false));
    await upload(o.phone, 'c.txt', utf16be('03003333333 İlker\n'));
    await upload(o.phone, 'd.csv', cp1252('phone;name\n03004444444;José Müller\n'));
    expect((await stored(o.accountId)).map((c) => [c.phone, c.name])).to.deep.equal([
      ['+923001111111', 'Şükrü'], ['+923002222222', 'Ayşe'], ['+923003333333', 'İlker'], ['+923004444444', 'José Müller']]);
  });

  it('a picture sent as .csv gets a clear answer in the owner\'s language', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);
    const en = await ownerWithList('en');
    expect(await upload(en.phone, 'x.csv', png)).to.contain('not a text file of contacts');
    const tr = await ownerWithList('tr');
    expect(await upload(tr.phone, 'x.csv', png, 'kişileri yükle vip')).to.contain('metin biçiminde bir kişi dosyası değil');
    const ur = await ownerWithList('ur');
    expect(await upload(ur.phone, 'x.csv', png, 'vip mein contacts upload karo')).to.contain('contacts ki text file nahi');
  });

  it('a download that breaks off says so, in the owner\'s language, and adds nothing', async () => {
    const broken = (): MediaHandle => ({ kind: 'document', fileName: 'c.csv', async download() { throw new Error('socket hang up'); } });
    const en = await ownerWithList('en');
    const r = (await world.send(en.phone, 'upload contacts to vip', { media: broken() })).join('\n');
    expect(r).to.contain('could not fetch the file').and.not.contain('socket hang up');
    expect(await stored(en.accountId)).to.deep.equal([]);
    const tr = await ownerWithList('tr');
    expect((await world.send(tr.phone, 'kişileri yükle vip', { media: broken() })).join('\n')).to.contain('alamadım');
  });

  it('fuzz: 150 random files through the chat, not one internal-error reply', async () => {
    const rand = rng(17);
    const o = await ownerWithList();
    const snippets = ['phone,name\n', 'phone;name;city\r\n', '"', '""', '\u0000', '\ufeff', '+92 300 1234567', '0300-1234567 Ali', 'BEGIN:VCARD\r\n',
      'TEL;TYPE=CELL:', 'END:VCARD\n', '=C4=B0', '\t', ';', ',', '\r', '\n', 'x'.repeat(3000), '9'.repeat(40), '💥', '٠٣٠٠١٢٣٤٥٦٧', '{{name}}', '\\', "'", '\u202e'];
    const names = ['c.csv', 'c.txt', 'c.vcf'];
    for (let i = 0; i < 150; i++) {
      const kind = rand();
      let data: Buffer;
      if (kind < 0.4) data = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 60) }, () => snippets[Math.floor(rand() * snippets.length)]).join(''), 'utf8');
      else if (kind < 0.6) data = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 4000) }, () => Math.floor(rand() * 256)));
      else if (kind < 0.8) data = utf16le(Array.from({ length: 1 + Math.floor(rand() * 40) }, () => snippets[Math.floor(rand() * snippets.length)]).join(''), rand() < 0.5);
      else data = Buffer.concat([Buffer.from('phone,name\n'), Buffer.from(Array.from({ length: 200 }, () => Math.floor(rand() * 256))), Buffer.from('\n03001234567,Ali\n')]);
      await upload(o.phone, names[Math.floor(rand() * names.length)]!, data);
    }
  });
});
