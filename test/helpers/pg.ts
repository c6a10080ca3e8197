// Test databases: one PostgreSQL for the whole run (embedded under the OS temp directory,
// or TEST_DATABASE_URL / DATABASE_URL), a template database migrated once, and a fresh
// clone of it per test file (`CREATE DATABASE … TEMPLATE`), as graphile-worker does.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDb, type Db } from '../../src/db/database.js';
import { startEmbeddedPostgres, withDatabase, type EmbeddedPg } from '../../src/db/embedded.js';
import { migrate } from '../../src/db/migrate.js';
import { createLogger } from '../../src/logger.js';

const TEMPLATE = 'wa_test_template';
let server: EmbeddedPg | undefined;
let tmpRoot: string | undefined;

export const silentLog = createLogger({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** URL of the server's maintenance database, set by startTestServer(). */
export function adminUrl(): string {
  const url = process.env.WA_TEST_ADMIN_URL;
  if (!url) throw new Error('test PostgreSQL not started (run tests through dist/test/run-tests.js)');
  return url;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try { return await fn(c); } finally { await c.end(); }
}

export async function startTestServer(opts: { extraFlags?: string[] } = {}): Promise<void> {
  const external = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (external) {
    process.env.WA_TEST_ADMIN_URL = withDatabase(external, 'postgres');
  } else {
    // Under the OS temp dir: reachable by the postgres system user wherever the repo lives.
    tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'wa-test-'));
    chmodSync(tmpRoot, 0o755); // mkdtemp makes it 0700; the postgres user must enter it
    const port = 20000 + Math.floor(Math.random() * 20000);
    server = await startEmbeddedPostgres({ dataDir: tmpRoot, port, log: silentLog, clusterDir: path.join(tmpRoot, 'pg'), extraFlags: opts.extraFlags });
    process.env.WA_TEST_ADMIN_URL = server.url;
  }
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${TEMPLATE}`);
  });
  const db = await openDb({ url: withDatabase(adminUrl(), TEMPLATE), poolMax: 2 });
  await migrate(db);
  await db.close();
}

export async function stopTestServer(): Promise<void> {
  await server?.stop();
  if (tmpRoot) rmSync(tmpRoot, { recursive: true, force: true });
}

let counter = 0;
/** A fresh, migrated database; returns its URL. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `wa_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE}`));
  return {
    url: withDatabase(adminUrl(), name),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/**
 * Mocha hook pair for a test file: `const t = useTestDb();` then `t.db` in tests.
 * Each file gets its own database, dropped afterwards.
 */
export function useTestDb(): { db: Db; url: string } {
  const holder = {} as { db: Db; url: string; drop?: () => Promise<void> };
  before(async function () {
    this.timeout(60_000);
    const created = await createTestDatabase();
    holder.url = created.url;
    holder.drop = created.drop;
    holder.db = await openDb({ url: created.url, poolMax: 5 });
  });
  after(async function () {
    this.timeout(60_000);
    await holder.db?.close();
    await holder.drop?.();
  });
  return holder;
}
