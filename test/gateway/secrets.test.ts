import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { decrypt, DecryptionError, encrypt, EncryptionKeyError, loadEncryptionKey, parseKey } from '../../src/secrets.js';
import { silentLog } from '../helpers/pg.js';

describe('encryption key and AES-256-GCM helpers', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'wa-key-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts ENCRYPTION_KEY as hex or base64 and rejects anything else with a clear message', () => {
    const key = randomBytes(32);
    expect(parseKey(key.toString('hex'), 'ENCRYPTION_KEY').equals(key)).to.equal(true);
    expect(parseKey(key.toString('base64'), 'ENCRYPTION_KEY').equals(key)).to.equal(true);
    expect(() => parseKey('too-short', 'ENCRYPTION_KEY')).to.throw(EncryptionKeyError, /ENCRYPTION_KEY: expected a 32-byte key/);
    expect(() => parseKey(randomBytes(16).toString('hex'), 'ENCRYPTION_KEY')).to.throw(EncryptionKeyError);
  });

  it('generates DATA_DIR/encryption.key with mode 0600 once, warns loudly, and reuses it', () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }));
    const first = loadEncryptionKey({ encryptionKey: undefined, dataDir: dir }, log);
    const file = path.join(dir, 'encryption.key');
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    expect(lines.join('')).to.match(/BACK UP THIS FILE/);
    expect(lines.join('')).not.to.include(first.toString('hex'));
    const second = loadEncryptionKey({ encryptionKey: undefined, dataDir: dir }, silentLog);
    expect(second.equals(first)).to.equal(true);
    expect(readFileSync(file, 'utf8').trim()).to.equal(first.toString('hex'));
  });

  it('round-trips a value and refuses a wrong key, a tampered value and a value moved to another row', () => {
    const key = randomBytes(32);
    const blob = encrypt(key, Buffer.from('secret creds'), 'wa_creds:1');
    expect(blob.includes(Buffer.from('secret creds'))).to.equal(false);
    expect(decrypt(key, blob, 'wa_creds:1').toString()).to.equal('secret creds');
    expect(() => decrypt(randomBytes(32), blob, 'wa_creds:1')).to.throw(DecryptionError, /wrong ENCRYPTION_KEY/);
    expect(() => decrypt(key, blob, 'wa_creds:2')).to.throw(DecryptionError);
    const tampered = Buffer.from(blob);
    tampered[tampered.length - 1] ^= 1;
    expect(() => decrypt(key, tampered, 'wa_creds:1')).to.throw(DecryptionError);
  });
});
