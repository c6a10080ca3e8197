// `wa-chatops sms test +E164` and `wa-chatops email test ADDRESS` (issue 16): one message
// through the provider configured in `.env` (SMPP_URL, else SMS_HTTP_URL; CAMPAIGN_SMTP_URL),
// printing what the provider answered, so an admin can check a provider before a campaign.
import type { Command } from 'commander';
import { sendOnce } from '../channels/send-once.js';
import type { Ctx } from '../context.js';
import type { SessionTransport } from '../senders/session-row.js';
import { requireE164 } from '../phone.js';

type Run = (fn: (ctx: Ctx) => Promise<void>) => Promise<void>;

async function sendTest(ctx: Ctx, channel: 'sms' | 'email', transport: SessionTransport, to: string, text: string, subject?: string): Promise<void> {
  const r = await sendOnce(ctx, { id: 0, channel }, transport, to, { kind: 'text', text }, subject ? { email: { subject } } : {});
  console.log(`accepted by the ${transport} provider: message ${r.messageId}`);
}

export function registerChannelCommands(program: Command, run: Run): void {
  program.command('sms').description('SMS provider tools').command('test <phone>')
    .description('send one test SMS through the configured provider (SMPP_URL, else SMS_HTTP_URL)')
    .option('--text <text>', 'the text', 'wa-chatops SMS test')
    .action((phone: string, opts: { text: string }) => run(async (ctx) => {
      const to = requireE164(phone);
      const c = ctx.config.channels;
      const transport: SessionTransport | undefined = c.smppUrl ? 'smpp' : c.smsHttp.url ? 'sms_http' : undefined;
      if (!transport) throw new Error('no SMS provider is configured: set SMPP_URL or SMS_HTTP_URL');
      await sendTest(ctx, 'sms', transport, to, opts.text);
    }));
  program.command('email').description('e-mail provider tools').command('test <address>')
    .description('send one test e-mail through CAMPAIGN_SMTP_URL')
    .option('--subject <subject>', 'the subject', 'wa-chatops e-mail test')
    .action((address: string, opts: { subject: string }) => run(async (ctx) => {
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) throw new Error(`"${address}" is not an e-mail address`);
      if (!ctx.config.channels.campaignSmtpUrl) throw new Error('no SMTP account is configured: set CAMPAIGN_SMTP_URL');
      await sendTest(ctx, 'email', 'smtp', address, 'This is a test e-mail from wa-chatops.', opts.subject);
    }));
}
