// What every service receives: no globals, so tests build their own.
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/database.js';
import type { Logger } from './logger.js';

export interface Ctx {
  config: Config;
  db: Db;
  log: Logger;
  clock: Clock;
}
