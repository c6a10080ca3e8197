// Bree job (daily): invoice reminders 7, 3, 1 days before due and on the day; suspension
// past the grace period. WhatsApp goes out through the main thread's operator session.
import { runBillingReminders } from '../src/billing/reminders.js';
import { createMailer } from '../src/mailer.js';
import { runJob } from './lib/worker-runtime.js';

await runJob('billing-reminders', async (rt) => {
  const sendWhatsApp = (toPhone: string, text: string) => rt.request<void>('send-whatsapp', { toPhone, text });
  return { ...(await runBillingReminders(rt.ctx, sendWhatsApp, createMailer(rt.ctx.config, rt.ctx.log))) };
});
