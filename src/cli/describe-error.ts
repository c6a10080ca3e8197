// One line for a person: known failures say what to do; unknown ones say what happened.
import { ConfigError } from '../config.js';
import { DatabaseUnavailableError } from '../db/connect.js';
import { EmbeddedPgError } from '../db/embedded.js';

export function describeError(e: unknown): string {
  if (e instanceof ConfigError) return `configuration error: ${e.message} (see .env.example)`;
  if (e instanceof EmbeddedPgError || e instanceof DatabaseUnavailableError) return e.message;
  if (e instanceof Error) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') return `port already in use (${e.message.replace(/^listen /, '')}); set PORT to another port`;
    if (code === 'ECONNREFUSED') return `cannot reach the database (${e.message}); is PostgreSQL running? check DATABASE_URL`;
    return e.message.split('\n')[0]!;
  }
  return String(e);
}
