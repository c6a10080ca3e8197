// One campaign e-mail as nodemailer takes it: the text (and optional HTML) with the
// unsubscribe link at the end, List-Unsubscribe (the https link and nothing to reply to) and
// List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058), and our message id.
import type { Ctx } from '../../context.js';
import { escapeHtml } from '../claim-parts.js';
import { unsubscribeUrl } from '../unsubscribe.js';

export interface EmailInput { from: string; to: string; messageId: string; subject: string; text: string; html?: string; accountId?: number }

export interface ComposedEmail {
  from: string; to: string; subject: string; text: string; html?: string; messageId: string;
  headers: Record<string, string>;
}

export function messageIdDomain(from: string): string {
  return /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
}

export function composeEmail(ctx: Pick<Ctx, 'config' | 'log'>, m: EmailInput): ComposedEmail {
  const headers: Record<string, string> = {};
  let text = m.text;
  let html = m.html;
  if (m.accountId !== undefined) {
    const url = unsubscribeUrl(ctx, m.accountId, m.to);
    headers['List-Unsubscribe'] = `<${url}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    text = `${text}\n\n--\nUnsubscribe: ${url}`;
    if (html) html = `${html}\n<p style="font-size:12px;color:#666"><a href="${escapeHtml(url)}">Unsubscribe</a></p>`;
  }
  return { from: m.from, to: m.to, subject: m.subject, text, html, messageId: `<${m.messageId}@${messageIdDomain(m.from)}>`, headers };
}
