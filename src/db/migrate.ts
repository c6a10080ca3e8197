// Schema migrations with umzug. Files are migrations/NNNN-name.ts, run from the tsc build
// (dist/migrations/*.js). Names are stored without their extension so a .ts and a .js run
// agree on what has been applied.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Umzug, UmzugStorage } from 'umzug';
import type { Db } from './database.js';

export type SqlRunner = (sql: string, params?: unknown[]) => Promise<unknown>;
export interface MigrationContext { context: SqlRunner }

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/src/db → dist/migrations */
export const MIGRATIONS_DIR = path.resolve(here, '..', '..', 'migrations');

export const migrationName = (file: string) => path.basename(file).replace(/\.(ts|js|mjs|cjs)$/, '');

function storage(db: Db): UmzugStorage<SqlRunner> {
  const ensure = () => db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  return {
    async logMigration({ name }) { await ensure(); await db.exec('INSERT INTO schema_migrations(name) VALUES ($1)', [migrationName(name)]); },
    async unlogMigration({ name }) { await ensure(); await db.exec('DELETE FROM schema_migrations WHERE name = $1', [migrationName(name)]); },
    async executed() {
      await ensure();
      const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
      return rows.map((r) => r.name);
    },
  };
}

/** umzug, loaded only when there is something to migrate (it and its CLI cost ~0.2 s of a start). */
export async function createMigrator(db: Db, opts: { dir?: string; log?: (msg: string) => void } = {}): Promise<Umzug<SqlRunner>> {
  const dir = opts.dir ?? MIGRATIONS_DIR;
  const files = readdirSync(dir).filter((f) => /^\d{4}-.+\.js$/.test(f)).sort();
  const { Umzug } = await import('umzug');
  return new Umzug<SqlRunner>({
    migrations: files.map((f) => {
      const full = path.join(dir, f);
      return {
        name: migrationName(f),
        path: full,
        up: async ({ context }) => (await import(pathToFileURL(full).href)).up({ context }),
        down: async ({ context }) => (await import(pathToFileURL(full).href)).down({ context }),
      };
    }),
    // umzug calls a function-valued context to build it, so wrap the runner.
    context: () => ((sql: string, params?: unknown[]) => db.query(sql, params)) as SqlRunner,
    storage: storage(db),
    logger: opts.log ? { info: (m) => opts.log!(String((m as any).event ?? '') + ' ' + String((m as any).name ?? '')), warn: () => {}, error: () => {}, debug: () => {} } : undefined,
  });
}

/**
 * Applies pending migrations. A lock makes concurrent starts against one database wait
 * for each other instead of racing on the same DDL.
 */
export async function migrate(db: Db, opts: { log?: (msg: string) => void } = {}): Promise<string[]> {
  // A restart of an up-to-date database: two quick reads, no lock, no umzug.
  if (!(await pendingMigrations(db)).length) return [];
  return db.withClient(async (client) => {
    await client.query('SELECT pg_advisory_lock(727001)');
    try {
      const applied = await (await createMigrator(db, opts)).up();
      return applied.map((m) => m.name);
    } finally {
      await client.query('SELECT pg_advisory_unlock(727001)');
    }
  });
}

/** Names of this build's migrations the database has not applied (all of them on a new database). */
async function pendingMigrations(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const known = readdirSync(dir).filter((f) => /^\d{4}-.+\.js$/.test(f)).sort().map(migrationName);
  const table = await db.one<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!table?.t) return known;
  const done = new Set((await db.query<{ name: string }>('SELECT name FROM schema_migrations')).map((r) => r.name));
  return known.filter((n) => !done.has(n));
}

/** Names of the migrations this build knows, in order. */
export function knownMigrations(): string[] {
  return readdirSync(MIGRATIONS_DIR).filter((f) => /^\d{4}-.+\.js$/.test(f)).sort().map(migrationName);
}

/**
 * Applies exactly the named pending migrations (a restore brings the schema to the backup's
 * version before loading its rows, then runs the newer ones).
 */
export async function migrateExactly(db: Db, names: string[]): Promise<string[]> {
  return db.withClient(async (client) => {
    await client.query('SELECT pg_advisory_lock(727001)');
    try {
      const migrator = await createMigrator(db);
      const done = new Set(await migrator.executed().then((m) => m.map((x) => x.name)));
      const pending = names.filter((n) => !done.has(n));
      if (!pending.length) return [];
      const applied = await migrator.up({ migrations: pending });
      return applied.map((m) => m.name);
    } finally {
      await client.query('SELECT pg_advisory_unlock(727001)');
    }
  });
}
