// The data layer: one pg Pool per process (worker threads open their own), parameterised SQL
// (`$1`, `$2` …) everywhere, transactions on one pooled client, COPY streams on a raw client.
// No query is ever built by concatenating values. Why pg and not an ORM: README, "Stack".
import pg from 'pg';
import { sqlWithoutValues, type Logger } from '../logger.js';

// COUNT(*) and bigint ids come back from PostgreSQL as int8; numbers below 2^53 are safe
// as JS numbers, and none of ours approach that.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

// A `date` (a day, no time) stays its 'YYYY-MM-DD' text: as a JS Date it would be midnight in
// the server process's zone, which is not the account's day.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.DATE ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface Queryable {
  /** Rows of a parameterised statement. */
  query<T = Record<string, any>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** The first row, or undefined. */
  one<T = Record<string, any>>(sql: string, params?: unknown[]): Promise<T | undefined>;
  /** Row count of an INSERT/UPDATE/DELETE. */
  exec(sql: string, params?: unknown[]): Promise<number>;
  /** True inside tx(): a service that needs a transaction runs in this one instead of opening its own. */
  readonly transaction?: boolean;
}

export interface Db extends Queryable {
  /** The connection URL, for worker threads that open their own pool. */
  readonly url: string;
  /** Runs fn in one transaction (READ COMMITTED); rolls back if it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** A raw pg client for COPY streams; released afterwards. */
  withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

type Runner = (sql: string, params?: unknown[]) => Promise<pg.QueryResult | pg.QueryResult[]>;

function queryable(run: Runner, transaction: boolean): Queryable {
  // A statement list without parameters (`ANALYZE a; ANALYZE b`) answers one result per statement.
  const results = async (sql: string, params?: unknown[]) => {
    const r = await run(sql, params && params.length ? params : undefined);
    return Array.isArray(r) ? r : [r];
  };
  return {
    transaction,
    async query<T>(sql: string, params?: unknown[]) {
      return (await results(sql, params)).flatMap((r) => r.rows ?? []) as T[];
    },
    async one<T>(sql: string, params?: unknown[]) {
      return (await results(sql, params)).flatMap((r) => r.rows ?? [])[0] as T | undefined;
    },
    async exec(sql: string, params?: unknown[]) {
      return (await results(sql, params)).reduce((n, r) => n + (r.rowCount ?? 0), 0);
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
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolMax ?? 10,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: 30_000,
    application_name: opts.applicationName ?? 'wa-chatops',
    types,
  });
  // A connection whose server went away (a restart, a terminated backend) emits 'error'; with no
  // listener that would end the process. The pool drops an idle one; one in use fails its next
  // query and is dropped when released.
  // Once the pool is closing, a server that ends its connections (the embedded server stopping
  // right after) is expected, not news.
  let closing = false;
  const lost = (e: Error) => { if (!closing) opts.log?.warn({ err: e }, 'database connection lost'); };
  pool.on('connect', (client) => client.on('error', lost));
  pool.on('error', () => undefined); // the same error, already logged by the client's listener
  const trace = opts.log?.isLevelEnabled('trace')
    ? (sql: string) => opts.log!.trace({ sql: sqlWithoutValues(sql).slice(0, 500) }, 'sql')
    : undefined;
  const viaPool: Runner = (sql, params) => { trace?.(sql); return pool.query(sql, params as unknown[] | undefined); };
  await pool.query('SELECT 1').catch(async (e) => { await pool.end().catch(() => undefined); throw e; });

  async function withClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      return await fn(client);
    } finally {
      client.release(); // the pool drops a client whose connection has failed
    }
  }

  return {
    ...queryable(viaPool, false),
    url: opts.url,
    withClient,
    tx: (fn) => withClient(async (client) => {
      const run: Runner = (sql, params) => { trace?.(sql); return client.query(sql, params as unknown[] | undefined); };
      await client.query('BEGIN');
      try {
        const result = await fn(queryable(run, true));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    }),
    async ping() {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => { closing = true; return pool.end(); },
  };
}
