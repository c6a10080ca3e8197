// Issue 16's hook into the claim (src/dispatch/claim.ts, owned by perf; which running
// campaigns a sender takes rows from is in getPacingInputs): the extra outbox columns it reads,
// and the e-mail parts of a claimed row. Kept here so the claim's own SQL stays one path.
import { renderTemplate, type TemplateVars } from '../content/templates.js';

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
