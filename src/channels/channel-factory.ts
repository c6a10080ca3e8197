// Builds the channel of an SMS or e-mail sender session (issue 16): its sandbox, an SMTP
// account, an SMPP bind or the HTTP SMS provider, from the providers configured in `.env`.
import type { Ctx } from '../context.js';
import type { Channel } from '../gateway/channel.js';
import type { SessionRow, SessionTransport } from '../senders/session-row.js';
import { ChannelSandbox } from './channel-sandbox.js';

export class ProviderNotConfiguredError extends Error {
  override name = 'ProviderNotConfiguredError';
}

export async function createProviderChannel(ctx: Ctx, row: SessionRow, transport: SessionTransport): Promise<Channel> {
  const c = ctx.config.channels;
  const kind = row.channel === 'email' ? 'email' : 'sms';
  if (transport === 'sandbox') {
    return new ChannelSandbox(ctx, { sessionId: row.id, kind, deliveredMs: ctx.config.sandboxDeliveredMs, failureRate: ctx.config.sandboxFailureRate,
      from: kind === 'sms' ? c.smppSourceAddr ?? 'WACHATOPS' : undefined });
  }
  if (transport === 'smtp') {
    if (!c.campaignSmtpUrl) throw new ProviderNotConfiguredError('CAMPAIGN_SMTP_URL is not set');
    const { SmtpChannel } = await import('./email/smtp-channel.js');
    return new SmtpChannel(ctx, { sessionId: row.id, url: c.campaignSmtpUrl, from: c.campaignMailFrom, poolSize: c.emailPoolSize, requireTls: c.smtpRequireTls });
  }
  if (transport === 'smpp') {
    if (!c.smppUrl) throw new ProviderNotConfiguredError('SMPP_URL is not set');
    const { SmppChannel } = await import('./sms/smpp-channel.js');
    return new SmppChannel(ctx, { sessionId: row.id, url: c.smppUrl, sourceAddr: c.smppSourceAddr, throughputPerSecond: c.smppThroughput, enquireLinkMs: c.smppEnquireLinkMs });
  }
  if (transport === 'sms_http') {
    if (!c.smsHttp.url) throw new ProviderNotConfiguredError('SMS_HTTP_URL is not set');
    const { HttpSmsChannel } = await import('./sms/http-sms-channel.js');
    return new HttpSmsChannel(ctx, { sessionId: row.id, ...c.smsHttp, url: c.smsHttp.url, from: c.smppSourceAddr });
  }
  throw new ProviderNotConfiguredError(`a ${row.channel} session cannot use transport ${transport}`);
}
