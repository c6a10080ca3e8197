// Opens config, logger and database for one CLI command, and always closes them.
import { loadDotenv } from './dotenv.js';
import { systemClock } from '../clock.js';
import { loadConfig, type Config } from '../config.js';
import type { Ctx } from '../context.js';
import { connectDatabase } from '../db/connect.js';
import { createLogger } from '../logger.js';

export type WithDb = (fn: (ctx: Ctx) => Promise<void>) => Promise<void>;

export function cliConfig(): Config {
  loadDotenv();
  return loadConfig();
}

/** CLI commands log only warnings (to stderr) so their stdout stays readable. */
export const runWithDb: WithDb = async (fn) => {
  const config = cliConfig();
  const log = createLogger({ level: process.env.LOG_LEVEL ? config.logLevel : 'warn', pretty: config.logPretty, toStderr: true });
  const database = await connectDatabase(config, log);
  try {
    await fn({ config, db: database.db, log, clock: systemClock });
  } finally {
    await database.close();
  }
};
