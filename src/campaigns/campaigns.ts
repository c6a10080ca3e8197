// Campaign drafts and demos. State machine (DESIGN.md §4):
//   draft → demo_sent → running ⇄ paused → completed | cancelled
// Editing the text returns a campaign to draft: a demo only counts for the exact text it showed.
import { createHash } from 'node:crypto';
import type { Ctx } from '../context.js';
import type { Queryable } from '../db/database.js';
import { findList } from '../contacts/lists.js';
import { ListNotFoundError } from '../contacts/errors.js';
import { checkBannedContent, loadBannedList } from '../content/banned-keywords.js';
import { templateVariables, variableKey } from '../content/templates.js';
import { campaignTexts, countVariants, expandVariants, MAX_TEXTS, MAX_VARIANTS, renderMessage, splitAlternatives, variantIndex } from '../content/variants.js';
import { normalisePhone } from '../phone.js';
import { getMediaInfo, type MediaInfo } from '../content/media.js';
import { AUDIENCE_STATUSES, audienceSql, type Audience, type AudienceOf } from './audience.js';
import { normalise } from '../text/normalise.js';
import { channelDemoTarget, type ChannelDemoTarget } from '../channels/channel-demo.js';
import { CampaignChannelError, CampaignExistsError, CampaignNotFoundError, CampaignStateError, InvalidCampaignError } from './errors.js';
import { statusName } from './status-name.js';
import { msg, type Msg } from '../i18n/t.js';

export type CampaignStatus = 'draft' | 'demo_sent' | 'running' | 'paused' | 'completed' | 'cancelled';

export interface Campaign {
  id: number;
  account_id: number;
  list_id: number | null;
  /** Retargeting: the campaign whose recipients, by result (`audience`), this one goes to instead of a list. */
  source_campaign_id: number | null;
  audience: Audience | null;
  list_name: string | null;
  name: string;
  body: string;
  /** Alternative texts (variants beside `body`); each recipient gets one variant (src/content/variants.ts). */
  alternates: string[];
  /** The media file the campaign sends (its text is the caption), by hash in media_files; null for text. */
  media_sha256: string | null;
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
  /** When a scheduled start is due (src/campaigns/schedule.ts), and the member who set it. */
  scheduled_at: Date | null;
  scheduled_by: number | null;
  /** The campaign's own sending window, minutes after local midnight (both or neither). */
  window_start_minute: number | null;
  window_end_minute: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface CampaignDraft {
  campaign: Campaign;
  /** The message as the first contact of the list will receive it. */
  preview: string;
  /** How many variants (texts × spintax choices) the campaign has; 1 without variation. */
  variants: number;
  /** The campaign's media file, when it carries one. */
  media?: MediaInfo;
  /** What the owner should check before a demo, as catalogue messages. */
  warnings: Msg[];
}

/** WhatsApp allows longer texts, but a campaign message past this is a mistake. */
export const MAX_BODY_CHARS = 4096;

export function bodyHash(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * What a demo was of: the text alone for a plain campaign (so demos made before variants and
 * media existed still count), else the texts and the media file together.
 */
export function demoHash(c: { body: string; alternates?: readonly string[] | null; media_sha256?: string | null }): string {
  const alternates = c.alternates ?? [];
  if (!alternates.length && !c.media_sha256) return bodyHash(c.body);
  return createHash('sha256').update(JSON.stringify([c.body, alternates, c.media_sha256 ?? null]), 'utf8').digest('hex');
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

/** The owner's text as the main text and its alternatives (a line of `---` between them). */
export function cleanTexts(raw: string): { body: string; alternates: string[] } {
  const texts = splitAlternatives(raw).map(cleanBody);
  if (!texts.length) throw new InvalidCampaignError('campaign.text_empty');
  if (texts.length > MAX_TEXTS) throw new InvalidCampaignError('campaign.too_many_texts', { count: texts.length, max: MAX_TEXTS });
  const n = countVariants(texts);
  if (n > MAX_VARIANTS) throw new InvalidCampaignError('campaign.too_many_variants', { count: n, max: MAX_VARIANTS });
  return { body: texts[0]!, alternates: texts.slice(1) };
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
async function sampleVars(q: Queryable, of: AudienceOf): Promise<Record<string, string>> {
  const from = audienceSql(of, 1);
  if (!from) return {};
  const c = await q.one<{ phone: string; name: string | null; variables: Record<string, string> }>(
    `SELECT phone, name, variables FROM ${from.sql} c ORDER BY (name IS NULL), id LIMIT 1`, from.params);
  if (!c) return {};
  return { ...c.variables, phone: c.phone, ...(c.name ? { name: c.name } : {}) };
}

/** The first banned word in any variant of the campaign (every text, every spintax choice). */
export function bannedInVariants(c: { body: string; alternates?: readonly string[] | null }, list: Awaited<ReturnType<typeof loadBannedList>>): { word: string } | null {
  const texts = campaignTexts(c);
  for (const text of [...texts, ...expandVariants(texts)]) {
    const hit = checkBannedContent(text, list);
    if (hit) return hit;
  }
  return null;
}

/** The fallback an owner is offered for a variable, in their language for {{name}}. */
function suggestedFallback(v: string): Msg {
  return v === 'name' ? msg('campaign.fallback.name_example', {}) : msg('campaign.fallback.other_example', { var: v });
}

async function draftWarnings(q: Queryable, c: { body: string; alternates: string[] } & AudienceOf): Promise<Msg[]> {
  const warnings: Msg[] = [];
  const banned = bannedInVariants(c, await loadBannedList(q));
  if (banned) warnings.push(msg('campaign.warning.banned_word', { word: banned.word }));
  // Variables without a fallback (in any text), and how many of the audience have no value for each.
  const body = campaignTexts(c).join('\n');
  const fallbackless = new Set(body.match(/\{\{[^{}|]*\}\}/g)?.map((m) => variableKey(m.slice(2, -2))) ?? []);
  const vars = templateVariables(body).filter((v) => fallbackless.has(v) && v !== 'phone');
  if (!vars.length) return warnings;
  const from = audienceSql(c, 1)!;
  const params: unknown[] = [...from.params];
  const value = (v: string) => (v === 'name' ? 'name' : `variables->>$${params.push(v)}::text`);
  const counts = (await q.one<Record<string, number>>(
    `SELECT count(*)::int AS total, ${vars.map((v, i) => `count(*) FILTER (WHERE nullif(btrim(${value(v)}), '') IS NULL)::int AS m${i}`).join(', ')}
       FROM ${from.sql} c`, params))!;
  vars.forEach((v, i) => {
    const missing = counts[`m${i}`]!;
    if (missing > 0) {
      warnings.push(msg('campaign.warning.missing_variable', { count: missing.toLocaleString('en-US'), total: counts.total!.toLocaleString('en-US'), var: `{{${v}}}`, suggestion: suggestedFallback(v) }));
    }
  });
  return warnings;
}

/** A campaign needs someone to send to: an empty list (or one whose every line was rejected) is refused. */
async function requireContacts(q: Queryable, listId: number, listName: string): Promise<void> {
  const any = await q.one<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM contacts WHERE list_id = $1) AS any', [listId]);
  if (!any?.any) throw new InvalidCampaignError('campaign.create.empty_list', { list: listName });
}

export interface CampaignChannelInput {
  /** whatsapp when absent. */
  channel?: Campaign['channel'];
  /** E-mail: the subject (required) and an optional HTML body. */
  subject?: string;
  html?: string;
  smsFallback?: Campaign['sms_fallback'];
}

export async function createCampaign(ctx: Ctx, accountId: number, input: { name: string; listName: string; body: string; createdBy?: number | null; media?: MediaInfo } & CampaignChannelInput): Promise<CampaignDraft> {
  const name = cleanName(input.name);
  const { body, alternates } = cleanTexts(input.body);
  const ch = campaignChannelColumns(input);
  const list = await findList(ctx.db, accountId, input.listName);
  if (!list) throw new ListNotFoundError(input.listName.trim());
  await requireContacts(ctx.db, list.id, list.name);
  const row = await ctx.db.one<{ id: number }>(
    `INSERT INTO campaigns (account_id, list_id, name, body, alternates, created_by, name_key, media_sha256, channel, subject, html, sms_fallback)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT DO NOTHING RETURNING id`,
    [accountId, list.id, name, body, alternates, input.createdBy ?? null, normalise(name), input.media?.sha256 ?? null, ch.channel, ch.subject, ch.html, ch.smsFallback],
  );
  if (!row) throw new CampaignExistsError(name);
  const campaign = (await getCampaignById(ctx.db, row.id))!;
  return draftOf(ctx, campaign);
}

async function draftOf(ctx: Ctx, campaign: Campaign): Promise<CampaignDraft> {
  const sample = await sampleVars(ctx.db, campaign);
  return {
    campaign,
    preview: renderMessage(campaign, sample.phone ?? '', sample).text,
    variants: expandVariants(campaignTexts(campaign)).length,
    media: campaign.media_sha256 ? await getMediaInfo(ctx.db, campaign.account_id, campaign.media_sha256) : undefined,
    warnings: audienceSql(campaign, 1) ? await draftWarnings(ctx.db, campaign) : [],
  };
}

/**
 * Changes what a draft sends (`set`: SQL assignments, values from $2). A demoed campaign goes
 * back to draft: its demo no longer shows what recipients would get. Launched ones are refused.
 */
async function editDraft(ctx: Ctx, accountId: number, name: string, set: string, values: unknown[]): Promise<CampaignDraft> {
  const campaign = await ctx.db.tx(async (t) => {
    const c = await findCampaign(t, accountId, name, true);
    if (!c) throw new CampaignNotFoundError(name.trim());
    if (c.status !== 'draft' && c.status !== 'demo_sent') {
      throw new CampaignStateError(c.status, 'campaign.edit_launched', { name: c.name, status: statusName(c.status) });
    }
    await t.exec(
      `UPDATE campaigns SET ${set}, status = 'draft', demo_body_hash = NULL, demo_sent_at = NULL, updated_at = now() WHERE id = $1`,
      [c.id, ...values]);
    return (await getCampaignById(t, c.id))!;
  });
  return draftOf(ctx, campaign);
}

/** New text for a draft (or a demoed campaign, which goes back to draft). */
export async function updateCampaignText(ctx: Ctx, accountId: number, name: string, newBody: string): Promise<CampaignDraft> {
  const { body, alternates } = cleanTexts(newBody);
  return editDraft(ctx, accountId, name, 'body = $2, alternates = $3', [body, alternates]);
}

export interface DemoMessage {
  campaignId: number;
  toPhone: string;
  /** Rendered for the list's first contact: what a real recipient will read. */
  text: string;
  /** Up to 3 variants rendered for that contact, the contact's own first (`text` is the first). */
  texts: string[];
  /** How many variants the campaign has. */
  variants: number;
  /** The campaign's media: each demo text goes as its caption, as recipients get it. */
  media?: MediaInfo;
  /** Pass back to markDemoSent once the channel accepted the message. */
  bodyHash: string;
  /** An SMS or e-mail campaign: the sender, address and e-mail parts its demo goes with (issue 16). */
  channel?: ChannelDemoTarget;
}

/** The demo to send (the router sends it through the channel, then calls markDemoSent). */
export async function prepareDemo(ctx: Ctx, accountId: number, name: string, toPhone: string): Promise<DemoMessage> {
  const c = await getCampaign(ctx, accountId, name);
  if (c.status !== 'draft' && c.status !== 'demo_sent') {
    throw new CampaignStateError(c.status, 'campaign.demo_launched', { name: c.name, status: statusName(c.status) });
  }
  if (!audienceSql(c, 1)) throw new CampaignStateError(c.status, 'campaign.list_deleted', { name: c.name });
  const acc = await ctx.db.one<{ default_country: string }>('SELECT default_country FROM accounts WHERE id = $1', [accountId]);
  const to = normalisePhone(toPhone, acc?.default_country ?? ctx.config.defaultCountry);
  if (!to.ok) throw new InvalidCampaignError('campaign.demo_bad_phone', { phone: toPhone });
  const sample = await sampleVars(ctx.db, c);
  const variants = expandVariants(campaignTexts(c)).length;
  // The sample contact's own variant first, then the next ones: up to 3 distinct variants.
  const first = variantIndex(c.id, sample.phone ?? '', variants);
  const texts = Array.from({ length: Math.min(3, variants) }, (_, i) => renderMessage(c, sample.phone ?? '', sample, (first + i) % variants).text);
  const media = c.media_sha256 ? await getMediaInfo(ctx.db, accountId, c.media_sha256) : undefined;
  const channel = await channelDemoTarget(ctx.db, c, to.e164, sample);
  return { campaignId: c.id, toPhone: channel?.to ?? to.e164, text: texts[0]!, texts, variants, media, bodyHash: demoHash(c), channel };
}

/** Records a sent demo. False when the text changed meanwhile (that demo no longer counts). */
export async function markDemoSent(ctx: Ctx, campaignId: number, sentBodyHash: string): Promise<boolean> {
  const c = await getCampaignById(ctx.db, campaignId);
  if (!c || demoHash(c) !== sentBodyHash) return false;
  const n = await ctx.db.exec(
    `UPDATE campaigns SET status = 'demo_sent', demo_body_hash = $2, demo_sent_at = $3, updated_at = now()
      WHERE id = $1 AND status IN ('draft', 'demo_sent') AND body = $4 AND alternates = $5::text[] AND media_sha256 IS NOT DISTINCT FROM $6`,
    [campaignId, sentBodyHash, ctx.clock.now(), c.body, c.alternates, c.media_sha256],
  );
  return n > 0;
}

/** Gives a draft (or a demoed campaign, which goes back to draft) a media file; its text becomes the caption. */
export async function attachMedia(ctx: Ctx, accountId: number, name: string, media: MediaInfo): Promise<CampaignDraft> {
  return editDraft(ctx, accountId, name, 'media_sha256 = $2', [media.sha256]);
}

/**
 * A campaign to another campaign's recipients by their result (`create campaign NAME2 from NAME
 * not read`). Without a text of its own it sends the source's texts and media. Opt-outs are
 * filtered at launch as for a list; an audience with nobody in it is refused now.
 */
export async function createRetargetCampaign(ctx: Ctx, accountId: number, input: { name: string; sourceName: string; audience: Audience; body?: string; createdBy?: number | null }): Promise<CampaignDraft & { audienceSize: number; source: Campaign }> {
  const name = cleanName(input.name);
  const source = await findCampaign(ctx.db, accountId, input.sourceName);
  if (!source) throw new CampaignNotFoundError(input.sourceName.trim());
  if (source.status === 'draft' || source.status === 'demo_sent') {
    throw new CampaignStateError(source.status, 'campaign.retarget.not_launched', { name: source.name });
  }
  const texts = input.body?.trim() ? cleanTexts(input.body) : { body: source.body, alternates: source.alternates };
  const size = (await ctx.db.one<{ n: number }>(
    `SELECT count(*)::int AS n FROM outbox o WHERE o.campaign_id = $1 AND o.anonymised_at IS NULL AND o.status = ANY($2::text[])
        AND NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.account_id = $3 AND s.phone = o.phone)`,
    [source.id, AUDIENCE_STATUSES[input.audience], accountId]))!.n;
  if (!size) throw new InvalidCampaignError('campaign.retarget.empty', { name: source.name, audience: msg(`campaign.audience.${input.audience}`) });
  const row = await ctx.db.one<{ id: number }>(
    `INSERT INTO campaigns (account_id, list_id, name, body, alternates, created_by, name_key, media_sha256, source_campaign_id, audience)
     VALUES ($1, NULL, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id`,
    [accountId, name, texts.body, texts.alternates, input.createdBy ?? null, normalise(name), source.media_sha256, source.id, input.audience]);
  if (!row) throw new CampaignExistsError(name);
  const campaign = (await getCampaignById(ctx.db, row.id))!;
  return { ...(await draftOf(ctx, campaign)), audienceSize: size, source };
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
