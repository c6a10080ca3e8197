// Bree job, started by the main thread when a campaign's scheduled start is due
// (src/scheduler.ts asks hasDueSchedules first): starts each due campaign once, whichever
// process gets there first (src/campaigns/schedule.ts), and tells whoever set the schedule
// through the main thread, which holds the WhatsApp channels. On 'cancel' it stops between
// campaigns; a campaign not reached stays due for the next run.
import { startDueSchedules } from '../src/campaigns/schedule.js';
import { runJob } from './lib/worker-runtime.js';

await runJob('start-scheduled', async (rt) => {
  const send = (toPhone: string, text: string) => rt.request<void>('send-whatsapp', { toPhone, text });
  const outcomes = await startDueSchedules(rt.ctx, send, { stop: () => rt.cancelled });
  return { started: outcomes.filter((o) => 'started' in o).length, refused: outcomes.filter((o) => 'refused' in o).length };
});
