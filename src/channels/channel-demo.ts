// The demo of an SMS or e-mail campaign goes over the campaign's own channel (issue 16 item 4):
// an SMS to the asker's phone through one of the account's SMS senders, an e-mail to the
// account's owner e-mail through one of its e-mail senders, rendered as a recipient gets it
// (subject, HTML and the unsubscribe footer included). Refusals are catalogue codes.
import type { Queryable } from '../db/database.js';
import { renderTemplate, type TemplateVars } from '../content/templates.js';
import type { EmailParts } from '../gateway/channel.js';
import { InvalidCampaignError } from '../campaigns/errors.js';
import { escapeHtml } from './claim-parts.js';

export interface ChannelDemoTarget {
  /** The sender session the demo goes through. */
  sessionId: number;
  /** The owner's phone (SMS) or e-mail address. */
  to: string;
  email?: EmailParts;
}

interface DemoCampaign { account_id: number; channel: 'whatsapp' | 'sms' | 'email'; subject: string | null; html: string | null }

/** A sender of the channel to send one demo through: an open one first, a paused or offline one else (the provider may still take it). */
export async function demoSenderOf(q: Queryable, accountId: number, channel: 'sms' | 'email'): Promise<number | undefined> {
  const row = await q.one<{ id: number }>(
    `SELECT id FROM sender_sessions WHERE account_id = $1 AND channel = $2 AND status <> 'removed'
      ORDER BY (status = 'open') DESC, id LIMIT 1`, [accountId, channel]);
  return row?.id;
}

/** Where and how the demo of an SMS / e-mail campaign goes; undefined for a WhatsApp campaign. */
export async function channelDemoTarget(q: Queryable, c: DemoCampaign, ownerPhone: string, sample: TemplateVars): Promise<ChannelDemoTarget | undefined> {
  if (c.channel === 'whatsapp') return undefined;
  let to = ownerPhone;
  if (c.channel === 'email') {
    const acc = await q.one<{ owner_email: string | null }>('SELECT owner_email FROM accounts WHERE id = $1', [c.account_id]);
    if (!acc?.owner_email) throw new InvalidCampaignError('campaign.demo.no_owner_email');
    to = acc.owner_email;
  }
  const sessionId = await demoSenderOf(q, c.account_id, c.channel);
  if (sessionId === undefined) {
    throw new InvalidCampaignError('campaign.demo.no_channel_sender', { channel: c.channel === 'sms' ? 'SMS' : 'e-mail' });
  }
  if (c.channel === 'sms') return { sessionId, to };
  const escaped = Object.fromEntries(Object.entries(sample).map(([k, v]) => [k, v === null || v === undefined ? v : escapeHtml(String(v))]));
  return {
    sessionId, to,
    email: { subject: renderTemplate(c.subject ?? '', sample), html: c.html ? renderTemplate(c.html, escaped) : undefined, accountId: c.account_id },
  };
}
