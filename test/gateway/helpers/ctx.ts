// A Ctx for gateway tests: real database, silent log, config from a test env.
import { systemClock, type Clock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config.js';
import type { Ctx } from '../../../src/context.js';
import type { Db } from '../../../src/db/database.js';
import { silentLog } from '../../helpers/pg.js';

export function gatewayCtx(db: Db, env: Record<string, string> = {}, clock: Clock = systemClock): Ctx {
  const config = loadConfig({ DATA_DIR: '/nonexistent-test-dir', SANDBOX_DELIVERED_MS: '5', SANDBOX_READ_MS: '10', ...env });
  return { config, db, log: silentLog, clock };
}

/** Polls until fn() is truthy; bounded, so a broken test fails instead of hanging. */
export async function waitFor<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 5_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
