// The key that encrypts WhatsApp credentials at rest, and the AES-256-GCM helpers using it.
// The key comes from ENCRYPTION_KEY, or from DATA_DIR/encryption.key generated on first start.
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.js';
import type { Logger } from './logger.js';

const FORMAT_V1 = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_FILE_NAME = 'encryption.key';

export class EncryptionKeyError extends Error {
  override name = 'EncryptionKeyError';
}

/** Thrown when a stored value does not decrypt: a different key, or a damaged value. */
export class DecryptionError extends Error {
  override name = 'DecryptionError';
}

/** 64 hex characters or base64 of exactly 32 bytes. */
export function parseKey(raw: string, source: string): Buffer {
  const s = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) {
    const b = Buffer.from(s, 'base64');
    if (b.length === 32) return b;
  }
  throw new EncryptionKeyError(`${source}: expected a 32-byte key as 64 hex characters or base64 (generate one with: openssl rand -hex 32)`);
}

/**
 * ENCRYPTION_KEY when set; otherwise DATA_DIR/encryption.key, created (mode 0600) when
 * missing. Losing that file means relinking every WhatsApp number, hence the loud warning.
 */
export function loadEncryptionKey(config: Pick<Config, 'encryptionKey' | 'dataDir'>, log: Logger): Buffer {
  if (config.encryptionKey) return parseKey(config.encryptionKey, 'ENCRYPTION_KEY');
  const file = path.join(config.dataDir, KEY_FILE_NAME);
  try {
    const key = parseKey(readFileSync(file, 'utf8'), file);
    if ((statSync(file).mode & 0o077) !== 0) log.warn({ file }, 'encryption key file is readable by other users; run chmod 600 on it');
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    // 'wx': if another process created the file meanwhile, use theirs instead of overwriting it.
    writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return parseKey(readFileSync(file, 'utf8'), file);
    throw e;
  }
  log.warn({ file },
    '!!! GENERATED A NEW ENCRYPTION KEY for WhatsApp credentials. BACK UP THIS FILE (or set ENCRYPTION_KEY): ' +
    'without it every linked WhatsApp number must be linked again !!!');
  return key;
}

/**
 * A key for one purpose derived from the encryption key (HMAC-SHA256 of the purpose), so every
 * secret the product needs lives where that key lives, outside the database.
 */
export function deriveKey(config: Pick<Config, 'encryptionKey' | 'dataDir'>, log: Logger, purpose: string): string {
  return createHmac('sha256', loadEncryptionKey(config, log)).update(`wa-chatops:${purpose}:v1`).digest('hex');
}

/** version byte | 12-byte IV | 16-byte tag | ciphertext. `aad` binds a value to its row. */
export function encrypt(key: Buffer, plaintext: Buffer, aad?: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT_V1]), iv, cipher.getAuthTag(), body]);
}

export function decrypt(key: Buffer, blob: Buffer, aad?: string): Buffer {
  if (blob.length < 1 + IV_BYTES + TAG_BYTES || blob[0] !== FORMAT_V1) {
    throw new DecryptionError('stored value is not in the expected encrypted format');
  }
  const iv = blob.subarray(1, 1 + IV_BYTES);
  const tag = blob.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  if (aad) decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(blob.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionError('stored value does not decrypt with this encryption key (wrong ENCRYPTION_KEY or key file?)');
  }
}
