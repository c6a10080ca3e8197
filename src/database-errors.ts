// Which failures PostgreSQL answered (a constraint, a bad statement, a lost lock): internal
// faults whose text is logged and never shown to a chat, a page or an API client.
import pg from 'pg';

export function isDatabaseError(e: unknown): boolean {
  return e instanceof pg.DatabaseError;
}
