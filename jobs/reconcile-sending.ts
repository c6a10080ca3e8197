// Bree job: rows left "sending" by a crash become sent (proved) or uncertain (refunded, never resent).
import { reconcileInFlight } from '../src/dispatch/reconcile.js';
import { runJob } from './lib/worker-runtime.js';

await runJob('reconcile-sending', async ({ ctx }) => ({ ...(await reconcileInFlight(ctx)) }));
