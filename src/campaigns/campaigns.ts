// Campaign drafts and demos. State machine (DESIGN.md §4):
//   draft → demo_sent → running ⇄ paused → completed | cancelled
// Editing the text returns a campaign to draft: a demo only counts for the exact text it showed.
import { createHash } from 'node:crypto';
import type { Ctx } from '../context.js';
import type { Queryable } from '../db/database.js';
import { findList } from '../contacts/lists.js';
import { ListNotFoundError } from '../contacts/errors.js';
import { checkBannedContent, loadBannedList } from '../content/banned-keywords.js';
import { renderTemplate, templateVariables } from '../content/templates.js';
import { normalisePhone } from '../phone.js';
import { normalise } from '../text/normalise.js';
import { CampaignChannelError, CampaignExistsError, CampaignNotFoundError, CampaignStateError, InvalidCampaignError } from './errors.js';
import { statusName } from './status-name.js';
import { msg, type Msg } from '../i18n/t.js';

export type CampaignStatus = 'draft' | 'demo_sent' | 'running' | 'paused' | 'completed' | 'cancelled';

export interface Campaign {
  id: number;
  account_id: number;
  list_id: number | null;
  list_name: string | null;
  name: string;
  body: string;
  /** Issue 16: whatsapp, sms or email; an e-mail's subject and optional HTML; WhatsApp's SMS fallback. */
  channel: 'whatsapp' | 'sms' | 'email';
  subject: string | null;
  html: string | null;
  sms_fallback: 'none' | 'not_registered' | 'not_registered_or_failed';
  status: CampaignStatus;
  demo_body_hash: string | null;
  demo_sent_at: Date | null;
  recipients: number;
  skipped: number;
  credits_reserved: number;
  created_by: number | null;
  launched_at: Date | null;
  paused_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface CampaignDraft {
  campaign: Campaign;
  /** The message as the first contact of the list will receive it. */
  preview: string;
  /** Things the owner should fix before launch (banned word, variables no contact has). */
  /** What the owner should check before a demo, as catalogue messages. */
  warnings: Msg[];
}

/** WhatsApp allows longer texts, but a campaign message past this is a mistake. */
export const MAX_BODY_CHARS = 4096;

export function bodyHash(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

const SELECT_CAMPAIGN = `SELECT c.*, l.name AS list_name FROM campaigns c LEFT JOIN contact_lists l ON l.id = c.list_id`;

function cleanName(raw: string): string {
  const name = raw.trim().replace(/\s+/g, ' ');
  if (!name) throw new InvalidCampaignError('campaign.name_missing');
  if (name.length > 64) throw new InvalidCampaignError('campaign.name_too_long', { max: 64 });
  return name;
}

function cleanBody(raw: string): string {
  const body = raw.trim();
  if (!body) throw new InvalidCampaignError('campaign.text_empty');
  if (body.length > MAX_BODY_CHARS) throw new InvalidCampaignError('campaign.text_too_long', { length: body.length, max: MAX_BODY_CHARS });
  return body;
}

export async function findCampaign(q: Queryable, accountId: number, name: string, forUpdate = false): Promise<Campaign | undefined> {
  const lock = forUpdate ? ' FOR UPDATE OF c' : '';
  // By the normalised key (look-alike letters, case, accents); rows written without a key by the name.
  return q.one<Campaign>(`${SELECT_CAMPAIGN} WHERE c.account_id = $1 AND (c.name_key = $2 OR (c.name_key IS NULL AND lower(c.name) = lower($3)))
    ORDER BY c.name_key IS NULL LIMIT 1${lock}`, [accountId, normalise(name), name.trim().replace(/\s+/g, ' ')]);
}

export async function getCampaign(ctx: Ctx, accountId: number, name: string): Promise<Campaign> {
  const c = await findCampaign(ctx.db, accountId, name);
  if (!c) throw new CampaignNotFoundError(name.trim());
  return c;
}

export async function getCampaignById(q: Queryable, campaignId: number): Promise<Campaign | undefined> {
  return q.one<Campaign>(`${SELECT_CAMPAIGN} WHERE c.id = $1`, [campaignId]);
}

export async function listCampaigns(ctx: Ctx, accountId: number): Promise<Campaign[]> {
  return ctx.db.query<Campaign>(`${SELECT_CAMPAIGN} WHERE c.account_id = $1 ORDER BY c.created_at DESC, c.id DESC`, [accountId]);
}

/** Variables of the list's first contact (a real recipient), for previews and demos. */
async function sampleVars(q: Queryable, listId: number | null): Promise<Record<string, string>> {
  if (listId === null) return {};
  const c = await q.one<{ phone: string; name: string | null; variables: Record<string, string> }>(
    `SELECT phone, name, variables FROM contacts WHERE list_id = $1 ORDER BY (name IS NULL), id LIMIT 1`, [listId]);
  if (!c) return {};
  return { ...c.variables, phone: c.phone, ...(c.name ? { name: c.name } : {}) };
}

async function draftWarnings(q: Queryable, body: string, listId: number): Promise<Msg[]> {
  const warnings: Msg[] = [];
  const banned = checkBannedContent(body, await loadBannedList(q));
  if (banned) warnings.push(msg('campaign.warning.banned_word', { word: banned.word }));
  const known = new Set(['name', 'phone']);
  const vars = await q.query<{ key: string }>(
    `SELECT DISTINCT jsonb_object_keys(variables) AS key FROM (SELECT variables FROM contacts WHERE list_id = $1 ORDER BY id LIMIT 1000) s`, [listId]);
  for (const v of vars) known.add(v.key);
  const fallbackless = new Set(body.match(/\{\{[^{}|]*\}\}/g)?.map((m) => m.slice(2, -2).trim().toLowerCase().replace(/\s+/g, '_')) ?? []);
  for (const v of templateVariables(body)) {
    if (!known.has(v) && fallbackless.has(v)) warnings.push(msg('campaign.warning.empty_variable', { var: v }));
  }
  return warnings;
}

export interface CampaignChannelInput {
  /** whatsapp when absent. */
  channel?: Campaign['channel'];
  /** E-mail: the subject (required) and an optional HTML body. */
  subject?: string;
  html?: string;
  smsFallback?: Campaign['sms_fallback'];
}

export async function createCampaign(ctx: Ctx, accountId: number, input: { name: string; listName: string; body: string; createdBy?: number | null } & CampaignChannelInput): Promise<CampaignDraft> {
  const name = cleanName(input.name);
  const body = cleanBody(input.body);
  const ch = campaignChannelColumns(input);
  const list = await findList(ctx.db, accountId, input.listName);
  if (!list) throw new ListNotFoundError(input.listName.trim());
  const row = await ctx.db.one<{ id: number }>(
    `INSERT INTO campaigns (account_id, list_id, name, body, created_by, name_key, channel, subject, html, sms_fallback) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT DO NOTHING RETURNING id`,
    [accountId, list.id, name, body, input.createdBy ?? null, normalise(name), ch.channel, ch.subject, ch.html, ch.smsFallback],
  );
  if (!row) throw new CampaignExistsError(name);
  const campaign = (await getCampaignById(ctx.db, row.id))!;
  return { campaign, preview: renderTemplate(body, await sampleVars(ctx.db, list.id)), warnings: await draftWarnings(ctx.db, body, list.id) };
}

/** New text for a draft (or a demoed campaign, which goes back to draft). */
export async function updateCampaignText(ctx: Ctx, accountId: number, name: string, newBody: string): Promise<CampaignDraft> {
  const body = cleanBody(newBody);
  const campaign = await ctx.db.tx(async (t) => {
    const c = await findCampaign(t, accountId, name, true);
    if (!c) throw new CampaignNotFoundError(name.trim());
    if (c.status !== 'draft' && c.status !== 'demo_sent') {
      throw new CampaignStateError(c.status, 'campaign.edit_launched', { name: c.name, status: statusName(c.status) });
    }
    await t.exec(
      `UPDATE campaigns SET body = $2, status = 'draft', demo_body_hash = NULL, demo_sent_at = NULL, updated_at = now() WHERE id = $1`,
      [c.id, body],
    );
    return (await getCampaignById(t, c.id))!;
  });
  const warnings = campaign.list_id === null ? [] : await draftWarnings(ctx.db, body, campaign.list_id);
  return { campaign, preview: renderTemplate(body, await sampleVars(ctx.db, campaign.list_id)), warnings };
}

export interface DemoMessage {
  campaignId: number;
  toPhone: string;
  /** Rendered for the list's first contact: what a real recipient will read. */
  text: string;
  /** Pass back to markDemoSent once the channel accepted the message. */
  bodyHash: string;
}

/** The demo to send (the router sends it through the channel, then calls markDemoSent). */
export async function prepareDemo(ctx: Ctx, accountId: number, name: string, toPhone: string): Promise<DemoMessage> {
  const c = await getCampaign(ctx, accountId, name);
  if (c.status !== 'draft' && c.status !== 'demo_sent') {
    throw new CampaignStateError(c.status, 'campaign.demo_launched', { name: c.name, status: statusName(c.status) });
  }
  if (c.list_id === null) throw new CampaignStateError(c.status, 'campaign.list_deleted', { name: c.name });
  const acc = await ctx.db.one<{ default_country: string }>('SELECT default_country FROM accounts WHERE id = $1', [accountId]);
  const to = normalisePhone(toPhone, acc?.default_country ?? ctx.config.defaultCountry);
  if (!to.ok) throw new InvalidCampaignError('campaign.demo_bad_phone', { phone: toPhone });
  return { campaignId: c.id, toPhone: to.e164, text: renderTemplate(c.body, await sampleVars(ctx.db, c.list_id)), bodyHash: bodyHash(c.body) };
}

/** Records a sent demo. False when the text changed meanwhile (that demo no longer counts). */
export async function markDemoSent(ctx: Ctx, campaignId: number, sentBodyHash: string): Promise<boolean> {
  const c = await getCampaignById(ctx.db, campaignId);
  if (!c || bodyHash(c.body) !== sentBodyHash) return false;
  const n = await ctx.db.exec(
    `UPDATE campaigns SET status = 'demo_sent', demo_body_hash = $2, demo_sent_at = $3, updated_at = now()
      WHERE id = $1 AND status IN ('draft', 'demo_sent') AND body = $4`,
    [campaignId, sentBodyHash, ctx.clock.now(), c.body],
  );
  return n > 0;
}

/** The channel columns of a new campaign, checked: an e-mail needs a subject; only WhatsApp falls back to SMS. */
function campaignChannelColumns(input: CampaignChannelInput): { channel: Campaign['channel']; subject: string | null; html: string | null; smsFallback: Campaign['sms_fallback'] } {
  const channel = input.channel ?? 'whatsapp';
  const subject = input.subject?.replace(/\s+/g, ' ').trim() || null;
  if (channel === 'email' && !subject) throw new CampaignChannelError('campaign.channel.subject_missing');
  if (subject && subject.length > 200) throw new CampaignChannelError('campaign.channel.subject_too_long');
  const smsFallback = input.smsFallback ?? 'none';
  if (smsFallback !== 'none' && channel !== 'whatsapp') throw new CampaignChannelError('campaign.channel.fallback_whatsapp_only');
  return { channel, subject: channel === 'email' ? subject : null, html: channel === 'email' ? input.html?.trim() || null : null, smsFallback };
}
