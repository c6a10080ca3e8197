// Issue 16's hook into the claim (src/dispatch/claim.ts, owned by perf): which running
// campaigns a sender of a channel kind takes rows from, the extra outbox columns it reads,
// and the e-mail parts of a claimed row. Kept here so the claim's own SQL stays one path.
import { renderTemplate, type TemplateVars } from '../content/templates.js';

/** $2 is the sender's channel: its own campaigns, and a WhatsApp campaign's SMS fallback rows. */
export const CAMPAIGNS_OF_CHANNEL = `(channel = $2 OR ($2 = 'sms' AND sms_fallback <> 'none'))`;

export const CHANNEL_RETURNING = 'o.channel, o.email, o.attempts';

export interface ChannelCampaign { subject: string | null; html: string | null }
export interface ChannelOutboxRow {
  channel: 'whatsapp' | 'sms' | 'email'; email: string | null; attempts: number;
  name: string | null; variables: Record<string, string>;
}

export function channelParts(c: ChannelCampaign, r: ChannelOutboxRow): { channel: ChannelOutboxRow['channel']; attempts: number; email?: { to: string; subject: string; html?: string } } {
  if (r.channel !== 'email' || !r.email) return { channel: r.channel, attempts: r.attempts };
  const vars = { name: r.name, ...r.variables };
  return {
    channel: r.channel, attempts: r.attempts,
    email: { to: r.email, subject: renderTemplate(c.subject ?? '', vars), html: c.html ? renderTemplate(c.html, escapeVars(vars)) : undefined },
  };
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (v: string): string => v.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);

/** A contact's values go into HTML as text, never as markup. */
function escapeVars(vars: TemplateVars): TemplateVars {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, v === null || v === undefined ? v : escapeHtml(String(v))]));
}
