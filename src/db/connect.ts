// Opens the database a process uses: DATABASE_URL when set, else the embedded cluster.
import pg from 'pg';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { safeUrl } from '../logger.js';
import { openDb, type Db } from './database.js';
import { startEmbeddedPostgres, StartAbortedError, withDatabase, type EmbeddedPg } from './embedded.js';
import { migrate } from './migrate.js';

export const APP_DATABASE = 'wa_chatops';

export interface Database {
  db: Db;
  url: string;
  embedded?: EmbeddedPg;
  /** Closes the pool, then stops the embedded server if we started it. */
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

export async function connectDatabase(config: Config, log: Logger, opts: { migrate?: boolean; poolMax?: number; signal?: AbortSignal } = {}): Promise<Database> {
  let embedded: EmbeddedPg | undefined;
  let url: string;
  if (config.databaseUrl) {
    url = config.databaseUrl;
    log.info({ database: safeUrl(url) }, 'using DATABASE_URL');
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.pgPort, log, signal: opts.signal });
    await ensureDatabase(embedded.url, APP_DATABASE);
    url = withDatabase(embedded.url, APP_DATABASE);
    log.info({ dir: embedded.dataDir, port: config.pgPort }, 'embedded PostgreSQL ready');
  }
  let db: Db;
  try {
    db = await openDb({ url, log, poolMax: opts.poolMax });
  } catch (e) {
    await embedded?.stop();
    throw new DatabaseUnavailableError(`cannot connect to PostgreSQL at ${safeUrl(url)}: ${(e as Error).message}`);
  }
  let closing: Promise<void> | undefined;
  const database: Database = {
    db,
    url,
    embedded,
    close: () => (closing ??= (async () => {
      await db.close().catch((e) => log.warn({ err: e }, 'closing the pool failed'));
      await embedded?.stop();
    })()),
  };
  try {
    if (opts.migrate !== false) {
      const applied = await migrate(db);
      if (applied.length) log.info({ applied }, 'migrations applied');
    }
    if (opts.signal?.aborted) throw new StartAbortedError('stopped while the database was being prepared');
  } catch (e) {
    await database.close();
    throw e;
  }
  return database;
}
