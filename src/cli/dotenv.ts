import { existsSync } from 'node:fs';
import dotenv from 'dotenv';

/** Reads ./.env when present; real environment variables win. */
export function loadDotenv(file = '.env'): void {
  if (existsSync(file)) dotenv.config({ path: file, quiet: true });
}
