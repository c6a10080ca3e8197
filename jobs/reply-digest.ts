// Bree job (every minute): the owners' reply digests (`replies hourly`, with missed calls) and
// replies a `replies now` account could not get at once. WhatsApp goes out through the main
// thread's operator session.
import { sendDueDigests } from '../src/replies/customer-replies.js';
import { runJob } from './lib/worker-runtime.js';

await runJob('reply-digest', async (rt) => {
  const sendWhatsApp = (toPhone: string, text: string) => rt.request<void>('send-whatsapp', { toPhone, text });
  return { ...(await sendDueDigests(rt.ctx, sendWhatsApp)) };
});
