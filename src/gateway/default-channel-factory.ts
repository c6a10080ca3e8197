// Builds a session's channel: the sandbox, or a Baileys socket (loaded only when needed).
import type { Ctx } from '../context.js';
import type { SessionRow, SessionTransport } from '../senders/session-row.js';
import type { Channel } from './channel.js';
import { SandboxChannel } from './sandbox-channel.js';
import { sandboxFilesDir } from './sandbox-files.js';

export type ChannelFactory = (row: SessionRow, transport: SessionTransport) => Promise<Channel>;

export function defaultChannelFactory(ctx: Ctx): ChannelFactory {
  return async (row, transport) => {
    const { config, db, log } = ctx;
    if (row.channel === 'sms' || row.channel === 'email') {
      const { createProviderChannel } = await import('../channels/channel-factory.js');
      return createProviderChannel(ctx, row, transport);
    }
    if (transport === 'sandbox') {
      return new SandboxChannel({
        sessionId: row.id, db, log, phone: row.phone ?? row.pairing_phone,
        deliveredMs: config.sandboxDeliveredMs, readMs: config.sandboxReadMs, failureRate: config.sandboxFailureRate,
        notOnWhatsApp: config.sandboxNotOnWhatsApp, filesDir: sandboxFilesDir(config),
      });
    }
    const { createWhatsAppChannel } = await import('./whatsapp-factory.js');
    return createWhatsAppChannel(ctx, row);
  };
}
