// Bree job (daily): anonymise old message data, drop expired logs and billing records.
import { runRetentionPurge } from '../src/retention.js';
import { runJob } from './lib/worker-runtime.js';

await runJob('retention-purge', async ({ ctx }) => ({ ...(await runRetentionPurge(ctx)) }));
