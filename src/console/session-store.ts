// Console sessions live in PostgreSQL (table http_sessions, connect-pg-simple's layout),
// through the app's own connection pool, so several processes share logins.
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import type { Db } from '../db/database.js';

/** connect-pg-simple wants a pg Pool; it only calls query(sql, params) and reads .rows. */
function poolAdapter(db: Db) {
  return {
    query: async (sql: string, params?: unknown[]) => ({ rows: await db.query(sql, params) }),
  };
}

export function createSessionStore(db: Db, opts: { prune?: boolean } = {}): session.Store {
  const PgStore = connectPgSimple(session);
  return new PgStore({
    pool: poolAdapter(db) as never,
    tableName: 'http_sessions',
    createTableIfMissing: false,
    // Expired rows are pruned every 15 minutes (an unref'd timer); tests turn it off.
    pruneSessionInterval: opts.prune === false ? false : 15 * 60,
  });
}
