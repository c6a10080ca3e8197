// One message through an SMS or e-mail sender session (issue 16): through its channel when this
// process drives it, else through a channel made for this one message and closed after it (a
// demo from a process that does not own the sender, `sms test` / `email test` from the CLI).
import type { Ctx } from '../context.js';
import type { ChannelSource } from '../dispatch/notify-owner.js';
import type { Channel, OutgoingContent, SendOptions, SendResult } from '../gateway/channel.js';
import type { SessionRow, SessionTransport } from '../senders/session-row.js';
import { createProviderChannel } from './channel-factory.js';

/** Opens a provider channel, sends one message, closes it. */
export async function sendOnce(ctx: Ctx, row: Pick<SessionRow, 'id' | 'channel'>, transport: SessionTransport, to: string,
  content: OutgoingContent, opts: SendOptions = {}): Promise<SendResult> {
  const ch = await createProviderChannel(ctx, row as SessionRow, transport);
  const opened = new Promise<void>((resolve, reject) => {
    ch.on('status', (s) => { if (s.state === 'open') resolve(); if (s.state === 'closed') reject(new Error(s.reason)); });
  });
  await ch.connect();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([opened, new Promise((_, rej) => { timer = setTimeout(() => rej(new Error('the provider did not accept the connection in 15 s')), 15_000); })]);
    return await ch.send(to, content, opts);
  } finally {
    clearTimeout(timer);
    ch.removeAllListeners('status');
    await ch.close();
  }
}

/** Sends through session `sessionId`: its live channel in this process, else (SMS / e-mail) a one-off channel. */
export async function sendThroughSession(ctx: Ctx, sessions: Pick<ChannelSource, 'channel'> | undefined, sessionId: number, to: string,
  content: OutgoingContent, opts: SendOptions = {}): Promise<void> {
  const live: Channel | undefined = sessions?.channel(sessionId);
  if (live) { await live.send(to, content, opts); return; }
  const row = await ctx.db.one<SessionRow>('SELECT * FROM sender_sessions WHERE id = $1', [sessionId]);
  if (!row || row.channel === 'whatsapp' || row.status === 'removed') throw new Error(`session ${sessionId} is not driven by this process`);
  await sendOnce(ctx, row, row.transport, to, content, opts);
}
