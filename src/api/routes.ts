// API v1: what an owner can do by chat, as JSON. Thin callers of the same services as the
// commands in commands/; every refusal is the services' AppError (a problem+json by code).
import { Readable } from 'node:stream';
import { z } from 'zod';
import { campaignStats } from '../campaigns/stats.js';
import { cancelCampaign, pauseCampaign, resumeCampaign } from '../campaigns/control.js';
import { createCampaign, getCampaign, listCampaigns, markDemoSent, prepareDemo } from '../campaigns/campaigns.js';
import { launchCampaign } from '../campaigns/launch.js';
import { campaignTexts, countVariants } from '../content/variants.js';
import { getMediaInfo, storeMedia, type MediaInfo } from '../content/media.js';
import { scheduleCampaign, unscheduleCampaign } from '../campaigns/schedule.js';
import { listRecipientResults } from '../campaigns/messages.js';
import { OUTBOX_STATUSES } from '../campaigns/progress.js';
import { ingestContacts } from '../contacts/ingest.js';
import { createList, deleteList, getListByName, listInfo, listLists } from '../contacts/lists.js';
import { getBalance } from '../credits.js';
import { messagesSentToday } from '../billing/usage.js';
import type { SendWhatsApp } from '../dispatch/notify-owner.js';
import { ownerContact } from '../dispatch/notify-owner.js';
import { listSessions } from '../senders/list-senders.js';
import { addSuppression, listSuppressions, removeSuppression } from '../suppression.js';
import { AppError } from '../app-error.js';
import { t } from '../i18n/t.js';
import { route, type ApiRoute } from './registry.js';
import { webhookRoutes } from './webhook-routes.js';

const Name = z.string().trim().min(1).max(64).describe('A list or campaign name, as in the chat');
const NameParam = z.object({ name: Name });
const Iso = z.iso.datetime({ offset: true });
const Status = z.enum(OUTBOX_STATUSES);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex');

const ListOut = z.object({ id: z.number().int(), name: z.string(), contacts: z.number().int(), created_at: Iso }).meta({ id: 'List' });
const ListDetail = ListOut.extend({ suppressed: z.number().int(), variables: z.array(z.string()), campaigns: z.array(z.object({ name: z.string(), status: z.string() })) }).meta({ id: 'ListDetail' });
const Contact = z.object({ phone: z.string().min(1).max(64), name: z.string().max(200).optional() }).catchall(z.union([z.string().max(1000), z.number()]))
  .describe('A phone number (local or +E164) and optional name; further keys become template variables');
const UploadResult = z.object({
  format: z.enum(['lines', 'csv', 'vcard', 'xlsx', 'json']).describe('What the upload was read as'), accepted: z.number().int(), duplicates_in_file: z.number().int(), duplicates_in_list: z.number().int(),
  rejected: z.record(z.string(), z.number().int()).describe('Rejected lines by reason'),
  rejected_lines: z.array(z.string()).describe('"line 12: 042 3571 4444 (landline)", at most 1,000; for JSON the number is the contact\'s position in `contacts`, from 1'), rejected_total: z.number().int(),
}).meta({ id: 'UploadResult' });
const CampaignOut = z.object({
  id: z.number().int(), name: z.string(), list: z.string().nullable(), text: z.string(), status: z.string(),
  recipients: z.number().int(), demo_sent_at: Iso.nullable(), launched_at: Iso.nullable(), created_at: Iso,
  media_sha256: Sha256.nullable().describe('The media file the campaign sends, its text as the caption; null for text only'),
  variants: z.number().int().describe('Texts × spintax choices: each recipient gets one (a line of `---` between alternative texts, `{a|b}` spintax)'),
}).meta({ id: 'Campaign' });
const Counts = z.object(Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, z.number().int()])) as Record<(typeof OUTBOX_STATUSES)[number], z.ZodNumber>);
const CampaignStatus = CampaignOut.extend({
  total: z.number().int(), counts: Counts, failed_by_reason: z.record(z.string(), z.number().int()), skipped_by_reason: z.record(z.string(), z.number().int()),
  progress: z.number().min(0).max(1), eta_seconds: z.number().nullable(),
}).meta({ id: 'CampaignStatus' });
const Ok = z.object({ ok: z.literal(true) });
const MediaOut = z.object({
  sha256: Sha256, kind: z.enum(['image', 'video', 'audio', 'document']).describe('How WhatsApp shows it: inline image/video/audio, else a document'),
  mimetype: z.string(), file_name: z.string().nullable(), size_bytes: z.number().int(),
}).meta({ id: 'Media' });
const MEDIA_FILE = 'An image (JPEG/PNG), video (MP4), audio or document (e.g. PDF); the part\'s Content-Type says which. WhatsApp\'s limits: images 5 MB, video and audio 16 MB, documents 100 MB';

const mediaOut = (m: MediaInfo) => ({ sha256: m.sha256, kind: m.kind, mimetype: m.mimetype, file_name: m.fileName, size_bytes: m.sizeBytes });

/** An uploaded file into the media store the chat uses (media_files, once per account by SHA-256). */
async function storeUpload(ctx: Parameters<typeof storeMedia>[0], accountId: number, file: { originalname: string; buffer: Buffer; size: number; mimetype?: string }): Promise<MediaInfo> {
  if (!file.size) throw new AppError('api.invalid_request', { detail: 'file: the file is empty' });
  const mimetype = (file.mimetype || 'application/octet-stream').toLowerCase();
  const top = mimetype.split('/')[0];
  const kind = top === 'image' || top === 'video' || top === 'audio' ? top : 'document';
  return storeMedia(ctx, accountId, { kind, mimetype, fileName: file.originalname || undefined, sizeBytes: file.size, download: async () => file.buffer });
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
function campaignOut(c: Awaited<ReturnType<typeof getCampaign>>) {
  return { id: c.id, name: c.name, list: c.list_name, text: c.body, status: c.status, recipients: c.recipients,
    demo_sent_at: iso(c.demo_sent_at), launched_at: iso(c.launched_at), created_at: iso(c.created_at)!, media_sha256: c.media_sha256 ?? null, variants: countVariants(campaignTexts(c)) };
}

/** A CSV of the JSON contacts, so JSON and files go through the one ingest service. */
function contactsCsv(contacts: Array<Record<string, unknown>>): string {
  const keys = ['phone', 'name', ...new Set(contacts.flatMap((c) => Object.keys(c)).filter((k) => k !== 'phone' && k !== 'name'))];
  const cell = (v: unknown) => { const s = v === undefined || v === null ? '' : String(v); return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; };
  return [keys.join(','), ...contacts.map((c) => keys.map((k) => cell(c[k])).join(','))].join('\n') + '\n';
}

export interface ApiDeps {
  /** Sends a WhatsApp text through an operator session of this process (demos). */
  sendWhatsApp?: SendWhatsApp;
}

export function apiRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    route({
      method: 'get', path: '/balance', operationId: 'getBalance', tag: 'account', summary: 'Credits, plan and what is left of today',
      response: z.object({
        available: z.number().int(), reserved: z.number().int(), plan: z.string(), daily_limit: z.number().int(), messages_left_today: z.number().int(),
        api_quota_per_day: z.number().int(), account_status: z.string(),
      }).meta({ id: 'Balance' }),
      async handler({ ctx, account }) {
        const bal = await getBalance(ctx.db, account.id);
        const used = await messagesSentToday(ctx.db, account.id, ctx.clock.now());
        return { available: bal.available, reserved: bal.reserved, plan: account.plan.name, daily_limit: account.plan.daily_limit,
          messages_left_today: Math.max(0, account.plan.daily_limit - used), api_quota_per_day: account.plan.api_quota_per_day, account_status: account.status };
      },
    }),
    route({
      method: 'get', path: '/lists', operationId: 'listLists', tag: 'lists', summary: 'The contact lists with their sizes',
      response: z.object({ items: z.array(ListOut) }),
      async handler({ ctx, account }) {
        return { items: (await listLists(ctx, account.id)).map((l) => ({ id: l.id, name: l.name, contacts: l.contacts, created_at: iso(l.created_at)! })) };
      },
    }),
    route({
      method: 'post', path: '/lists', operationId: 'createList', tag: 'lists', summary: 'Create a contact list', status: 201,
      body: z.object({ name: Name }), response: ListOut,
      async handler({ ctx, account, body }) {
        const l = await createList(ctx, account.id, body.name);
        return { id: l.id, name: l.name, contacts: 0, created_at: iso(l.created_at)! };
      },
    }),
    route({
      method: 'get', path: '/lists/{name}', operationId: 'getList', tag: 'lists', summary: 'A list: size, opted-out numbers, variables, campaigns',
      params: NameParam, response: ListDetail,
      async handler({ ctx, account, params }) {
        const l = await listInfo(ctx, account.id, params.name);
        return { id: l.id, name: l.name, contacts: l.contacts, created_at: iso(l.created_at)!, suppressed: l.suppressed, variables: l.variables, campaigns: l.campaigns };
      },
    }),
    route({
      method: 'delete', path: '/lists/{name}', operationId: 'deleteList', tag: 'lists', summary: 'Delete a list and its contacts (campaigns keep their results)',
      params: NameParam, response: z.object({ name: z.string(), contacts_deleted: z.number().int() }),
      async handler({ ctx, account, params }) {
        const r = await deleteList(ctx, account.id, params.name);
        return { name: r.name, contacts_deleted: r.contacts };
      },
    }),
    route({
      method: 'post', path: '/lists/{name}/contacts', operationId: 'uploadContacts', tag: 'lists',
      summary: 'Add contacts: a CSV, vCard or text file as multipart `file`, or JSON `{contacts:[{phone,name,…}]}`; results with reasons',
      params: NameParam, multipartFile: true,
      body: z.object({ contacts: z.array(Contact).min(1).max(100_000) }).optional(), response: UploadResult,
      async handler({ ctx, account, params, body, file }) {
        const list = await getListByName(ctx, account.id, params.name);
        let input: NodeJS.ReadableStream | string;
        let fileName: string | undefined;
        if (file) { input = Readable.from([file.buffer]); fileName = file.originalname; }
        else if (body?.contacts) { input = contactsCsv(body.contacts); fileName = 'contacts.csv'; }
        else throw new AppError('api.invalid_request', { detail: 'send a multipart "file" or a JSON body {"contacts":[…]}' });
        const r = await ingestContacts(ctx, { accountId: account.id, listId: list.id, input, fileName, declaredBytes: file?.size, fromJson: !file });
        return { format: r.format, accepted: r.accepted, duplicates_in_file: r.duplicatesInFile, duplicates_in_list: r.duplicatesInList,
          rejected: r.rejected, rejected_lines: r.rejectedLines.slice(0, 1000), rejected_total: r.rejectedTotal };
      },
    }),
    route({
      method: 'get', path: '/campaigns', operationId: 'listCampaigns', tag: 'campaigns', summary: 'The campaigns, newest first',
      response: z.object({ items: z.array(CampaignOut) }),
      async handler({ ctx, account }) {
        return { items: (await listCampaigns(ctx, account.id)).map(campaignOut) };
      },
    }),
    route({
      method: 'post', path: '/campaigns', operationId: 'createCampaign', tag: 'campaigns', status: 201,
      summary: 'Create a campaign from a list and a text with {{name}} variables (a demo must be sent before launch); with media as multipart `file` beside the fields, or `media_sha256` of a stored file (the text is its caption)',
      multipartFile: true, multipartFields: true, fileDescription: MEDIA_FILE,
      body: z.object({
        name: Name, list: Name, text: z.string().min(1).max(4096),
        media_sha256: Sha256.optional().describe('A file stored before: from POST /media, an earlier campaign, or sent by chat'),
      }),
      response: CampaignOut.extend({ preview: z.string(), media: MediaOut.nullable(), warnings: z.array(z.object({ code: z.string(), detail: z.string() })) }),
      async handler({ ctx, account, body, file }) {
        let media: MediaInfo | undefined;
        if (file) media = await storeUpload(ctx, account.id, file);
        else if (body.media_sha256) {
          media = await getMediaInfo(ctx.db, account.id, body.media_sha256);
          if (!media) throw new AppError('api.media.not_found', { sha256: body.media_sha256 });
        }
        const d = await createCampaign(ctx, account.id, { name: body.name, listName: body.list, body: body.text, media });
        return { ...campaignOut(d.campaign), preview: d.preview, media: media ? mediaOut(media) : null,
          warnings: d.warnings.map((w) => ({ code: w.key, detail: t('en', w.key, w.params) })) };
      },
    }),
    route({
      method: 'post', path: '/media', operationId: 'uploadMedia', tag: 'campaigns', status: 201,
      summary: 'Store a media file for campaigns (multipart `file`); the same bytes twice are one file. Use its `sha256` as `media_sha256`',
      multipartFile: true, fileDescription: MEDIA_FILE, response: MediaOut,
      async handler({ ctx, account, file }) {
        if (!file) throw new AppError('api.invalid_request', { detail: 'send the file as multipart "file"' });
        return mediaOut(await storeUpload(ctx, account.id, file));
      },
    }),
    route({
      method: 'get', path: '/campaigns/{name}', operationId: 'getCampaign', tag: 'campaigns', summary: 'A campaign with its counts by status',
      params: NameParam, response: CampaignStatus,
      async handler({ ctx, account, params }) {
        const c = await getCampaign(ctx, account.id, params.name);
        const s = await campaignStats(ctx, c.id);
        return { ...campaignOut(c), total: s.total, counts: s.counts, failed_by_reason: s.failedByReason, skipped_by_reason: s.skippedByReason, progress: s.progress, eta_seconds: s.etaSeconds };
      },
    }),
    route({
      method: 'get', path: '/campaigns/{name}/messages', operationId: 'listCampaignMessages', tag: 'campaigns',
      summary: 'Per-recipient results, oldest first; pass `next` back as `cursor` for the following page',
      params: NameParam,
      query: z.object({ status: Status.optional(), cursor: z.string().max(100).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: z.object({
        items: z.array(z.object({ phone: z.string(), name: z.string().nullable(), status: Status, reason: z.string().nullable(), message_id: z.string().nullable(),
          sent_at: Iso.nullable(), delivered_at: Iso.nullable(), read_at: Iso.nullable(), failed_at: Iso.nullable() })),
        next: z.string().nullable(),
      }),
      async handler({ ctx, account, params, query }) {
        const c = await getCampaign(ctx, account.id, params.name);
        const page = await listRecipientResults(ctx.db, c.id, query);
        return { items: page.items.map((r) => ({ ...r, sent_at: iso(r.sent_at), delivered_at: iso(r.delivered_at), read_at: iso(r.read_at), failed_at: iso(r.failed_at) })), next: page.next };
      },
    }),
    route({
      method: 'post', path: '/campaigns/{name}/demo', operationId: 'sendDemo', tag: 'campaigns',
      summary: "Send the campaign's text as a demo to the account owner's WhatsApp (required before launch)",
      params: NameParam, response: z.object({ name: z.string(), to: z.string(), demo_current: z.boolean() }),
      async handler({ ctx, account, params }) {
        const owner = await ownerContact(ctx.db, account.id);
        if (!owner || !deps.sendWhatsApp) throw new AppError('api.demo_unavailable');
        const demo = await prepareDemo(ctx, account.id, params.name, owner.phone);
        await deps.sendWhatsApp(demo.toPhone, demo.text);
        const current = await markDemoSent(ctx, demo.campaignId, demo.bodyHash);
        return { name: params.name, to: demo.toPhone, demo_current: current };
      },
    }),
    route({
      method: 'post', path: '/campaigns/{name}/launch', operationId: 'launchCampaign', tag: 'campaigns',
      summary: 'Launch now, or at `at` (scheduled, as `launch NAME TIME` by chat), with the same checks and refusals as the chat (credits, demo, minimum size, banned words)',
      params: NameParam,
      body: z.object({ at: Iso.optional().describe('Start at this time (ISO 8601 with an offset, at least a minute ahead, at most 90 days); omit to launch now') }).optional(),
      response: z.object({ name: z.string(), recipients: z.number().int().optional(), skipped_opted_out: z.number().int().optional(), credits: z.number().int().optional(),
        estimated_seconds: z.number().nullable().optional(), scheduled_at: Iso.optional(), previous_scheduled_at: Iso.nullable().optional() }),
      async handler({ ctx, account, actor, params, body }) {
        if (body?.at) {
          const r = await scheduleCampaign(ctx, account.id, params.name, new Date(body.at), actor);
          return { name: r.campaign.name, scheduled_at: r.at.toISOString(), previous_scheduled_at: r.previous?.toISOString() ?? null };
        }
        const r = await launchCampaign(ctx, account.id, params.name, actor);
        return { name: params.name, recipients: r.recipients, skipped_opted_out: r.skippedSuppressed, credits: r.credits, estimated_seconds: r.estimatedSeconds };
      },
    }),
    route({
      method: 'post', path: '/campaigns/{name}/unschedule', operationId: 'unscheduleCampaign', tag: 'campaigns',
      summary: 'Take a scheduled launch off (as `unschedule NAME` by chat)',
      params: NameParam,
      response: z.object({ name: z.string(), was_scheduled_at: Iso }),
      async handler({ ctx, account, actor, params }) {
        const r = await unscheduleCampaign(ctx, account.id, params.name, actor);
        return { name: r.campaign.name, was_scheduled_at: r.was.toISOString() };
      },
    }),
    ...(['pause', 'resume', 'cancel'] as const).map((verb) => route({
      method: 'post', path: `/campaigns/{name}/${verb}`, operationId: `${verb}Campaign`, tag: 'campaigns',
      summary: { pause: 'Pause a running campaign', resume: 'Resume a paused campaign', cancel: 'Cancel a campaign; unsent messages are refunded' }[verb],
      params: NameParam, response: CampaignOut,
      async handler({ ctx, account, actor, params }) {
        if (verb === 'pause') await pauseCampaign(ctx, account.id, params.name, actor);
        else if (verb === 'resume') await resumeCampaign(ctx, account.id, params.name, actor);
        else await cancelCampaign(ctx, account.id, params.name, actor);
        return campaignOut(await getCampaign(ctx, account.id, params.name));
      },
    })),
    route({
      method: 'get', path: '/opt-outs', operationId: 'listOptOuts', tag: 'opt-outs', summary: 'Numbers that never receive campaigns of this account',
      query: z.object({ cursor: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      response: z.object({ items: z.array(z.object({ phone: z.string(), source: z.string(), created_at: Iso })), next: z.string().nullable() }),
      async handler({ ctx, account, query }) {
        const page = await listSuppressions(ctx.db, account.id, { before: query.cursor, limit: query.limit });
        return { items: page.items.map((s) => ({ ...s, created_at: iso(s.created_at)! })), next: page.next };
      },
    }),
    route({
      method: 'post', path: '/opt-outs', operationId: 'addOptOut', tag: 'opt-outs', summary: 'Add a number to the opt-outs',
      body: z.object({ phone: z.string().min(3).max(64) }), response: z.object({ phone: z.string(), added: z.boolean() }),
      async handler({ ctx, account, body }) {
        return addSuppression(ctx, account.id, body.phone, 'owner', 'api');
      },
    }),
    route({
      method: 'delete', path: '/opt-outs/{phone}', operationId: 'removeOptOut', tag: 'opt-outs', summary: 'Remove a number from the opt-outs',
      params: z.object({ phone: z.string().min(3).max(64) }), response: z.object({ removed: z.boolean() }),
      async handler({ ctx, account, params }) {
        return { removed: (await removeSuppression(ctx, account.id, params.phone)).removed };
      },
    }),
    route({
      method: 'get', path: '/senders', operationId: 'listSenders', tag: 'senders', summary: "The account's sender numbers and their state",
      response: z.object({ items: z.array(z.object({ id: z.number().int(), phone: z.string().nullable(), transport: z.string(), status: z.string(),
        paused_reason: z.string().nullable(), health: z.string(), last_seen_at: Iso.nullable() })) }),
      async handler({ ctx, account }) {
        return { items: (await listSessions(ctx.db, { accountId: account.id })).map((s) => ({ id: s.id, phone: s.phone, transport: s.transport,
          status: s.status, paused_reason: s.paused_reason, health: s.health, last_seen_at: iso(s.last_seen_at) })) };
      },
    }),
    ...webhookRoutes(),
  ];
}
