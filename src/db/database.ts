// One connection pool (Sequelize's), used two ways: typed models for CRUD, and
// parameterised SQL (`$1`, `$2` …) for the hot paths. No query is ever built by
// concatenating values.
import pg from 'pg';
import { QueryTypes, Sequelize, Transaction } from 'sequelize';
import { sqlWithoutValues, type Logger } from '../logger.js';
import { initModels, type Models } from './models.js';

// COUNT(*) and bigint ids come back from PostgreSQL as int8; numbers below 2^53 are safe
// as JS numbers, and none of ours approach that.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

export interface Queryable {
  /** Rows of a parameterised statement. */
  query<T = Record<string, any>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The first row, or undefined. */
  one<T = Record<string, any>>(sql: string, params?: unknown[]): Promise<T | undefined>;
  /** Row count of an INSERT/UPDATE/DELETE. */
  exec(sql: string, params?: unknown[]): Promise<number>;
  readonly transaction?: Transaction;
}

export interface Db extends Queryable {
  sequelize: Sequelize;
  models: Models;
  /** Runs fn in one transaction (READ COMMITTED); rolls back if it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** A raw pg client for COPY streams; released afterwards. */
  withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

function queryable(sequelize: Sequelize, transaction?: Transaction): Queryable {
  const run = async (sql: string, params: unknown[] | undefined) =>
    sequelize.query(sql, { bind: params && params.length ? (params as any[]) : undefined, transaction, raw: true });
  return {
    transaction,
    async query<T>(sql: string, params?: unknown[]) {
      const [rows] = await run(sql, params);
      return rows as T[];
    },
    async one<T>(sql: string, params?: unknown[]) {
      const [rows] = await run(sql, params);
      return (rows as T[])[0];
    },
    async exec(sql: string, params?: unknown[]) {
      const [, meta] = await run(sql, params);
      // Sequelize gives INSERT/UPDATE counts as a bare number, other statements as pg's result.
      if (typeof meta === 'number') return meta;
      return (meta as { rowCount?: number } | undefined)?.rowCount ?? 0;
    },
  };
}

export interface OpenDbOptions {
  url: string;
  log?: Logger;
  poolMax?: number;
  applicationName?: string;
}

export async function openDb(opts: OpenDbOptions): Promise<Db> {
  const sequelize = new Sequelize(opts.url, {
    dialect: 'postgres',
    dialectModule: pg,
    // Bind parameters are never logged (logQueryParameters stays off); literals are blanked too.
    logging: opts.log ? (sql: string) => opts.log!.trace({ sql: sqlWithoutValues(sql).slice(0, 500) }, 'sql') : false,
    pool: { max: opts.poolMax ?? 10, min: 0, idle: 10_000, acquire: 30_000 },
    dialectOptions: { application_name: opts.applicationName ?? 'wa-chatops' },
    define: { underscored: true, timestamps: false, freezeTableName: true },
  });
  await sequelize.authenticate();
  const models = initModels(sequelize);
  const base = queryable(sequelize);
  const db: Db = {
    ...base,
    sequelize,
    models,
    async tx(fn) {
      return sequelize.transaction(async (t) => fn(queryable(sequelize, t)));
    },
    async withClient(fn) {
      const client = (await (sequelize as any).connectionManager.getConnection()) as pg.PoolClient;
      try {
        return await fn(client);
      } finally {
        await (sequelize as any).connectionManager.releaseConnection(client);
      }
    },
    async ping() {
      try {
        await sequelize.query('SELECT 1', { type: QueryTypes.SELECT });
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await sequelize.close();
    },
  };
  return db;
}
