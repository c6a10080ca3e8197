// A delivering "process" for the kill test: the deliver-webhooks job's loop on its own pool.
import { openDb } from '../../src/db/database.js';
import { deliverDueWebhooks } from '../../src/webhooks/deliver.js';
import { apiCtx } from './helpers.js';

const [url] = process.argv.slice(2) as [string];
const db = await openDb({ url, poolMax: 3 });
const ctx = apiCtx(db, { ENCRYPTION_KEY: 'a'.repeat(64), WEBHOOK_ALLOW_PRIVATE: 'true' });
process.send?.('ready');
for (;;) {
  await deliverDueWebhooks(ctx, { limit: 50 });
  await new Promise((r) => setTimeout(r, 50));
}
