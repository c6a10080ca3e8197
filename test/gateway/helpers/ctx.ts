// A Ctx for gateway tests: real database, silent log, config from a test env.
import type { Clock } from '../../../src/clock.js';
import type { Ctx } from '../../../src/context.js';
import type { Db } from '../../../src/db/database.js';
import { testCtx } from '../../helpers/world.js';

export function gatewayCtx(db: Db, env: Record<string, string> = {}, clock?: Clock): Ctx {
  return testCtx(db, { DATA_DIR: '/nonexistent-test-dir', SANDBOX_DELIVERED_MS: '5', SANDBOX_READ_MS: '10', ...env }, clock);
}
