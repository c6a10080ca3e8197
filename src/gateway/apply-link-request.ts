// The owning process's half of a link request (src/senders/link-requests.ts): when a
// session's link generation moved, end the old socket (logging the number out first for an
// unlink), wipe what it may have written since the request, and start the new link.
import type { Ctx } from '../context.js';
import { linkRequested } from '../senders/link-requests.js';
import { getSession } from '../senders/list-senders.js';
import { wipeCredentials } from '../senders/wipe-credentials.js';
import type { Channel } from './channel.js';
import type { Driven, SessionChannels } from './session-channels.js';

export async function applyLinkRequest(ctx: Ctx, channels: SessionChannels, d: Driven): Promise<void> {
  const id = d.row.id;
  const row = await getSession(ctx.db, id);
  if (!row) return;
  const channel = d.channel as (Channel & { logout?: () => Promise<void> }) | undefined;
  if (row.status === 'logged_out' && channel?.logout && d.lastState === 'open') {
    await channel.logout().catch((e) => ctx.log.warn({ err: e, sessionId: id }, 'logout from WhatsApp failed; wiping credentials anyway'));
  }
  await channels.close(d);
  await wipeCredentials(ctx.db, id);
  d.row = row;
  d.generation = row.link_generation;
  d.lastState = undefined;
  ctx.log.info({ sessionId: id, status: row.status, generation: row.link_generation }, 'carrying out a link request');
  if (linkRequested(row)) await channels.connect(d);
}
