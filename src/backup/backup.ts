// `wa-chatops backup FILE` / `restore FILE`: a logical dump of our own, because the embedded
// PostgreSQL ships no pg_dump (and a pg_dump older than the server refuses to dump it).
//
// The file is gzip text: a magic line, a JSON header (format, the applied migrations, the
// encryption-key check, the sequences), then per table a JSON line naming its columns followed
// by its rows in COPY text format (one row per line, newlines escaped) and the end marker `\.`,
// then a JSON trailer with the row counts. Every table is read in one REPEATABLE READ READ ONLY
// transaction, so the dump is one consistent moment of a running app, and COPY takes only the
// lock a plain SELECT takes: sends, commands and uploads go on meanwhile.
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { Db } from '../db/database.js';
import { knownMigrations, migrate, migrateExactly } from '../db/migrate.js';

export const BACKUP_MAGIC = 'WA-CHATOPS-BACKUP 1';
const END = '\\.';

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface TableInfo { name: string; columns: string[] }
interface SequenceInfo { name: string; lastValue: string | null }

export interface BackupHeader {
  format: 1;
  createdAt: string;
  server: string;
  migrations: string[];
  /** HMAC of a fixed text under the encryption key: tells a restore whether its key is the same one, reveals nothing of it. */
  keyCheck: string | null;
  sequences: SequenceInfo[];
}

export interface BackupSummary { file: string; bytes: number; tables: Record<string, number>; migrations: string[] }

export const keyCheckOf = (key: Buffer) => createHmac('sha256', key).update('wa-chatops:backup-key-check:v1').digest('hex').slice(0, 16);

const ident = (client: pg.ClientBase, name: string) => client.escapeIdentifier(name);

/** Ordinary and partitioned tables of the public schema (not partitions), parents before children of every foreign key. */
async function tablesInDependencyOrder(client: pg.ClientBase): Promise<TableInfo[]> {
  const tables = (await client.query<{ name: string; columns: string[] }>(`
    SELECT c.relname AS name,
           array_agg(a.attname::text ORDER BY a.attnum) AS columns
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
     GROUP BY c.relname
     ORDER BY c.relname`)).rows;
  const fks = (await client.query<{ child: string; parent: string }>(`
    SELECT ch.relname AS child, pa.relname AS parent
      FROM pg_constraint k
      JOIN pg_class ch ON ch.oid = k.conrelid
      JOIN pg_class pa ON pa.oid = k.confrelid
      JOIN pg_namespace n ON n.oid = ch.relnamespace
     WHERE k.contype = 'f' AND n.nspname = 'public' AND ch.oid <> pa.oid`)).rows;
  const parents = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set<string>()]));
  for (const fk of fks) parents.get(fk.child)?.add(fk.parent);
  const ordered: TableInfo[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const byName = new Map(tables.map((t) => [t.name, t]));
  const visit = (name: string) => {
    if (done.has(name) || visiting.has(name)) return; // a cycle is restored with triggers off (below)
    visiting.add(name);
    for (const p of parents.get(name) ?? []) if (byName.has(p)) visit(p);
    visiting.delete(name);
    done.add(name);
    ordered.push(byName.get(name)!);
  };
  for (const t of tables) visit(t.name);
  return ordered;
}

async function sequences(client: pg.ClientBase): Promise<SequenceInfo[]> {
  const rows = (await client.query<{ name: string; last_value: string | null }>(
    `SELECT sequencename AS name, last_value::text FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`)).rows;
  return rows.map((r) => ({ name: r.name, lastValue: r.last_value }));
}

async function appliedMigrations(client: pg.ClientBase): Promise<string[]> {
  const exists = (await client.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'schema_migrations'`)).rowCount;
  if (!exists) return [];
  return (await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name')).rows.map((r) => r.name);
}

async function write(out: NodeJS.WritableStream, chunk: string | Buffer): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/**
 * Writes a consistent dump of the database to `file` (first to `file.partial`, renamed when
 * complete, so a broken-off backup never looks like a good one).
 */
export async function backupDatabase(db: Db, file: string, opts: { key?: Buffer } = {}): Promise<BackupSummary> {
  const partial = `${file}.partial`;
  const gzip = zlib.createGzip({ level: 6 });
  const sink = fs.createWriteStream(partial, { mode: 0o600 });
  const done = pipeline(gzip, sink);
  const counts: Record<string, number> = {};
  let migrations: string[] = [];
  try {
    await db.withClient(async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        migrations = await appliedMigrations(client);
        const tables = await tablesInDependencyOrder(client);
        const header: BackupHeader = {
          format: 1,
          createdAt: new Date().toISOString(),
          server: (await client.query<{ v: string }>('SHOW server_version')).rows[0]!.v,
          migrations,
          keyCheck: opts.key ? keyCheckOf(opts.key) : null,
          sequences: await sequences(client),
        };
        await write(gzip, `${BACKUP_MAGIC}\n${JSON.stringify(header)}\n`);
        for (const t of tables) {
          await write(gzip, JSON.stringify({ table: t.name, columns: t.columns }) + '\n');
          const cols = t.columns.map((c) => ident(client, c)).join(', ');
          const source = client.query(copyStreams.to(`COPY (SELECT ${cols} FROM ${ident(client, t.name)}) TO STDOUT`));
          let rows = 0;
          for await (const chunk of source as AsyncIterable<Buffer>) {
            for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
            await write(gzip, chunk);
          }
          await write(gzip, END + '\n');
          counts[t.name] = rows;
        }
        await write(gzip, JSON.stringify({ end: true, tables: counts }) + '\n');
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
      }
    });
    gzip.end();
    await done;
    await fs.promises.rename(partial, file);
  } catch (e) {
    gzip.destroy();
    await done.catch(() => undefined);
    await fs.promises.rm(partial, { force: true });
    throw e;
  }
  return { file, bytes: fs.statSync(file).size, tables: counts, migrations };
}

/** Lines of a gzip file, read with backpressure (COPY text has one row per line). */
async function* lines(file: string): AsyncGenerator<string> {
  const source = fs.createReadStream(file).pipe(zlib.createGunzip());
  let rest = '';
  for await (const chunk of source as AsyncIterable<Buffer>) {
    const text = rest + chunk.toString('utf8');
    const parts = text.split('\n');
    rest = parts.pop()!;
    for (const p of parts) yield p;
  }
  if (rest) yield rest;
}

/** The header of a backup file, read without reading the rest. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const it = lines(file);
  try {
    const magic = await it.next();
    if (magic.value !== BACKUP_MAGIC) throw new BackupError(`${file} is not a wa-chatops backup`);
    const header = await it.next();
    return JSON.parse(String(header.value)) as BackupHeader;
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(`${file} is not a wa-chatops backup (${(e as Error).message})`);
  } finally {
    await it.return(undefined);
  }
}

export interface RestoreSummary { tables: Record<string, number>; migrations: string[] }

/**
 * Loads a backup into a database already migrated to exactly the backup's migrations and
 * holding no data of its own: one transaction empties every table the backup has (migrations
 * seed a few), COPYs the rows back in dependency order, sets the sequences, and checks every
 * table's row count against the trailer. Triggers (append-only ledger, outbox reference checks)
 * are off while it loads when the role may do that (a superuser, as with the embedded server);
 * otherwise the dependency order keeps the reference checks satisfied.
 */
export async function loadBackup(db: Db, file: string): Promise<RestoreSummary> {
  const counts: Record<string, number> = {};
  let header: BackupHeader | undefined;
  await db.withClient(async (client) => {
    await client.query('BEGIN');
    try {
      const su = (await client.query<{ s: boolean }>('SELECT rolsuper AS s FROM pg_roles WHERE rolname = current_user')).rows[0]?.s;
      if (su) await client.query(`SET LOCAL session_replication_role = replica`);
      const it = lines(file);
      const next = async () => { const r = await it.next(); return r.done ? undefined : r.value; };
      if ((await next()) !== BACKUP_MAGIC) throw new BackupError(`${file} is not a wa-chatops backup`);
      header = JSON.parse((await next())!) as BackupHeader;
      let emptied = false;
      for (;;) {
        const line = await next();
        if (line === undefined) throw new BackupError(`${file} ends early (a broken-off or damaged backup)`);
        const section = JSON.parse(line) as { table?: string; columns?: string[]; end?: boolean; tables?: Record<string, number> };
        if (section.end) {
          for (const [t, n] of Object.entries(section.tables ?? {})) {
            if (counts[t] !== n) throw new BackupError(`table ${t}: ${counts[t] ?? 0} rows loaded, the backup says ${n}`);
          }
          break;
        }
        if (!emptied) {
          const names = (await client.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'`)).rows.map((r) => r.t);
          if (names.length) await client.query(`TRUNCATE ${names.map((n) => ident(client, n)).join(', ')} RESTART IDENTITY CASCADE`);
          emptied = true;
        }
        const table = section.table!;
        if (table === 'schema_migrations') {
          // The migrations just run wrote it; skip its rows (same names, other times).
          for (let l = await next(); l !== END; l = await next()) if (l === undefined) throw new BackupError(`${file} ends early`);
          counts[table] = header.migrations.length;
          continue;
        }
        const cols = section.columns!.map((c) => ident(client, c)).join(', ');
        const sink = client.query(copyStreams.from(`COPY ${ident(client, table)} (${cols}) FROM STDIN`));
        const finished = once(sink, 'finish');
        let rows = 0;
        let batch = '';
        for (let l = await next(); l !== END; l = await next()) {
          if (l === undefined) throw new BackupError(`${file} ends early in table ${table}`);
          batch += l + '\n';
          rows++;
          if (batch.length > 1 << 16) {
            if (!sink.write(batch)) await once(sink, 'drain');
            batch = '';
          }
        }
        if (batch) sink.write(batch);
        sink.end();
        await finished;
        counts[table] = rows;
      }
      for (const s of header.sequences) {
        if (s.lastValue === null) continue;
        await client.query('SELECT setval($1::regclass, $2::bigint, true)', [client.escapeIdentifier(s.name), s.lastValue]);
      }
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
  });
  await db.exec('ANALYZE');
  return { tables: counts, migrations: header!.migrations };
}

/**
 * Restores a backup into a database that holds no data yet (a new data directory, or an empty
 * DATABASE_URL): the schema is brought to the backup's migrations, the rows loaded, then the
 * migrations this build has beyond the backup's run as at any start.
 */
export async function restoreDatabase(db: Db, file: string): Promise<RestoreSummary & { upgraded: string[] }> {
  const header = await readBackupHeader(file);
  const known = new Set(knownMigrations());
  const unknown = header.migrations.filter((m) => !known.has(m));
  if (unknown.length) {
    throw new BackupError(`the backup was made by a newer wa-chatops (migrations ${unknown.join(', ')} are unknown here): upgrade this copy first`);
  }
  const hasMigrationsTable = await db.one(`SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'schema_migrations'`);
  const applied = hasMigrationsTable ? (await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name) : [];
  const wanted = new Set(header.migrations);
  const beyond = applied.filter((m) => !wanted.has(m));
  if (beyond.length) {
    throw new BackupError(`this database already has a newer schema than the backup (${beyond[0]}…): restore into a new data directory (one never started) or an empty database`);
  }
  await migrateExactly(db, header.migrations);
  const data = await db.one<{ n: number }>(`SELECT (SELECT count(*) FROM accounts) + (SELECT count(*) FROM admin_users) AS n`);
  if ((data?.n ?? 0) > 0) {
    throw new BackupError('this database already holds accounts or admins: restore into a new data directory (DATA_DIR) or an empty database');
  }
  const loaded = await loadBackup(db, file);
  const upgraded = await migrate(db);
  return { ...loaded, upgraded };
}
