// `wa-chatops backup FILE` (while the app runs) and `wa-chatops restore FILE` (into a new data directory).
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { BackupError, backupDatabase, keyCheckOf, readBackupHeader, restoreDatabase } from '../backup/backup.js';
import type { Config } from '../config.js';
import { connectDatabase } from '../db/connect.js';
import { createLogger, type Logger } from '../logger.js';
import { KEY_FILE_NAME, loadEncryptionKey, parseKey } from '../secrets.js';
import { cliConfig } from './run-with-db.js';

/** The encryption key if this configuration has one; never generates a new one. */
function existingKey(config: Config, log: Logger): Buffer | undefined {
  if (config.encryptionKey) return loadEncryptionKey(config, log);
  return fs.existsSync(path.join(config.dataDir, KEY_FILE_NAME)) ? loadEncryptionKey(config, log) : undefined;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function registerBackupCommands(program: Command): void {
  program.command('backup')
    .description('write a consistent backup of the database to FILE (gzip), also while the app runs; the encryption key is not in it: keep that apart')
    .argument('<file>', 'where to write the backup, e.g. wa-2026-12-02.backup.gz')
    .action(async (file: string) => {
      const config = cliConfig();
      const log = createLogger({ level: process.env.LOG_LEVEL ? config.logLevel : 'warn', pretty: config.logPretty, toStderr: true });
      const key = existingKey(config, log);
      const database = await connectDatabase(config, log, { migrate: false, poolMax: 2 });
      try {
        const t0 = Date.now();
        const s = await backupDatabase(database.db, path.resolve(file), { key });
        const rows = Object.values(s.tables).reduce((a, b) => a + b, 0);
        console.log(`backup written to ${s.file}: ${Object.keys(s.tables).length} tables, ${fmt(rows)} rows, ${fmt(Math.ceil(s.bytes / 1024))} KB, schema ${s.migrations.at(-1) ?? '(none)'}, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        if (!key) console.log('note: no encryption key found here (ENCRYPTION_KEY or DATA_DIR/encryption.key); restore needs the key of the instance that wrote the data');
        else console.log(`keep the encryption key (${config.encryptionKey ? 'ENCRYPTION_KEY' : path.join(config.dataDir, KEY_FILE_NAME)}) with it, apart from the backup: WhatsApp credentials need it`);
      } finally {
        await database.close();
      }
    });

  program.command('restore')
    .description('restore a backup into a new data directory (DATA_DIR) or an empty DATABASE_URL; needs the same encryption key')
    .argument('<file>', 'a file written by `wa-chatops backup`')
    .option('--key-file <file>', 'the backed-up instance\'s encryption.key, copied to DATA_DIR/encryption.key')
    .action(async (file: string, o: { keyFile?: string }) => {
      const config = cliConfig();
      const log = createLogger({ level: process.env.LOG_LEVEL ? config.logLevel : 'warn', pretty: config.logPretty, toStderr: true });
      const header = await readBackupHeader(path.resolve(file));
      const target = path.join(config.dataDir, KEY_FILE_NAME);
      if (o.keyFile) {
        if (config.encryptionKey) throw new BackupError('give either ENCRYPTION_KEY or --key-file, not both');
        const raw = fs.readFileSync(o.keyFile, 'utf8');
        parseKey(raw, o.keyFile);
        if (fs.existsSync(target) && fs.readFileSync(target, 'utf8').trim() !== raw.trim()) {
          throw new BackupError(`${target} exists and holds another key: restore into a new data directory`);
        }
        fs.mkdirSync(config.dataDir, { recursive: true });
        fs.writeFileSync(target, raw.trim() + '\n', { mode: 0o600 });
      }
      const key = existingKey(config, log);
      if (header.keyCheck) {
        if (!key) {
          throw new BackupError(`the restore needs the backed-up instance's encryption key: give --key-file PATH/encryption.key, set ENCRYPTION_KEY, or copy the file to ${target}`);
        }
        if (keyCheckOf(key) !== header.keyCheck) {
          throw new BackupError('this encryption key is not the one the backup was made with: WhatsApp credentials and anonymised numbers would not read; give the original key');
        }
      }
      const database = await connectDatabase(config, log, { migrate: false, poolMax: 2 });
      try {
        const t0 = Date.now();
        const s = await restoreDatabase(database.db, path.resolve(file));
        const rows = Object.values(s.tables).reduce((a, b) => a + b, 0);
        console.log(`restored ${Object.keys(s.tables).length} tables, ${fmt(rows)} rows from ${path.resolve(file)} (made ${header.createdAt}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`
          + (s.upgraded.length ? `; then applied newer migrations: ${s.upgraded.join(', ')}` : ''));
        console.log(config.databaseUrl ? 'start it with: wa-chatops start' : `start it with: DATA_DIR=${config.dataDir} wa-chatops start`);
      } finally {
        await database.close();
      }
    });
}
